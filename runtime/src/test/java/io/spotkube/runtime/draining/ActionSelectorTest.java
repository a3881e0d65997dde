package io.spotkube.runtime.draining;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActionSelectorTest {

  private final InterruptionMessageParser parser = new InterruptionMessageParser();

  @ParameterizedTest(name = "{0} rebalanceDraining={1} cordonOnly={2} -> {3}")
  @CsvSource({
      "spot-interruption.json,                 false, false, DRAIN",
      "spot-interruption.json,                 false, true,  CORDON",
      "rebalance-recommendation.json,          false, false, CORDON",
      "rebalance-recommendation.json,          true,  false, DRAIN",
      "rebalance-recommendation.json,          true,  true,  CORDON",
      "capacity-reservation-interruption.json, false, false, DRAIN",
      "state-change-terminated.json,           false, false, DRAIN",
      "health-scheduled-change.json,           false, false, DRAIN",
      "asg-terminate-eventbridge.json,         false, false, DRAIN_AND_COMPLETE",
      "asg-terminate-direct.json,              false, true,  CORDON_AND_COMPLETE",
      "asg-launch-direct.json,                 false, false, COMPLETE_WHEN_READY",
      "asg-launch-direct.json,                 false, true,  COMPLETE_WHEN_READY",
      "state-change-pending.json,              false, false, NONE",
      "asg-test-notification.json,             false, false, NONE",
  })
  void choosesTheContractsActionUnderTheSwitches(String sample, boolean rebalanceDraining, boolean cordonOnly,
      DrainAction expected) {
    ActionSelector selector = new ActionSelector(ActionPolicy.defaults()
        .withRebalanceDraining(rebalanceDraining).withCordonOnly(cordonOnly));

    assertThat(parser.parse(Samples.body(sample))).allSatisfy(event ->
        assertThat(selector.select(event)).isEqualTo(expected));
  }

  @org.junit.jupiter.api.Test
  void rebalanceMonitoringOffMeansNoActionOnRebalance() {
    ActionSelector selector = new ActionSelector(ActionPolicy.defaults().withRebalanceMonitoring(false));

    assertThat(selector.select(parser.parse(Samples.body("rebalance-recommendation.json")).get(0)))
        .isEqualTo(DrainAction.NONE);
  }

  @org.junit.jupiter.api.Test
  void invalidMessagesNeedNoAction() {
    assertThat(ActionSelector.defaults().select(parser.parse("nope").get(0))).isEqualTo(DrainAction.NONE);
  }
}
