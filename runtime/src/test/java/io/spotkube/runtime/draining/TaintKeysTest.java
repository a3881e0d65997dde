package io.spotkube.runtime.draining;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaintKeysTest {

  @ParameterizedTest
  @CsvSource({
      "SPOT_INTERRUPTION,        aws-node-termination-handler/spot-itn",
      "REBALANCE_RECOMMENDATION, aws-node-termination-handler/rebalance-recommendation",
      "SCHEDULED_CHANGE,         aws-node-termination-handler/scheduled-maintenance",
      "ASG_TERMINATE,            aws-node-termination-handler/asg-lifecycle-termination",
  })
  void usesTheUpstreamHandlersTaintKeys(InterruptionKind kind, String key) {
    assertThat(TaintKeys.keyFor(kind)).contains(key);
  }

  @ParameterizedTest
  @CsvSource({
      "1e5527d7-bb36-4607-3370-4164db56a40e, 1e5527d7-bb36-4607-3370-4164db56a40e",
      "'arn:aws:health::event/x y',           arn-aws-health--event-x-y",
      "'--a--',                                a",
  })
  void makesEventIdsValidLabelValues(String eventId, String value) {
    assertThat(TaintKeys.valueFor(eventId)).isEqualTo(value);
    assertThat(TaintKeys.valueFor("x".repeat(100))).hasSize(63);
  }
}
