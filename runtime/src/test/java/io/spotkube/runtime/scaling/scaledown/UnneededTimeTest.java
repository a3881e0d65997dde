package io.spotkube.runtime.scaling.scaledown;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream's unneeded and unready times, with upstream's defaults (10 min, 20 min). */
class UnneededTimeTest {

  private static final AutoscalingOptions DEFAULTS = AutoscalingOptions.defaults();

  private static Node node(boolean ready, long unneededForSeconds) {
    return new Node("n", "ng", Resources.NONE, Map.of(), List.of(), ready, false, unneededForSeconds, null);
  }

  @ParameterizedTest(name = "ready={0}, unneeded for {1}s: may go = {2}")
  @CsvSource({
      "true,  599,  false",
      "true,  600,  true",
      "false, 600,  false", // the ready node's time is not enough for an unready one
      "false, 1199, false",
      "false, 1200, true"})
  void aReadyNodeWaitsTheUnneededTimeAndAnUnreadyOneTheUnreadyTime(boolean ready, long unneededFor, boolean mayGo) {
    String waits = UnneededTime.notLongEnough(node(ready, unneededFor), DEFAULTS);

    assertThat(waits == null).as("waits: %s", waits).isEqualTo(mayGo);
  }

  @Test
  void theReasonNamesTheUnreadyTime() {
    assertThat(UnneededTime.notLongEnough(node(false, 700), DEFAULTS))
        .isEqualTo("unready and unneeded for 700s < 1200s (scale-down-unready-time)");
  }

  @Test
  void aShorterUnreadyTimeLetsAnUnreadyNodeGoFirst() {
    AutoscalingOptions options = DEFAULTS.toBuilder().scaleDownUnreadyTimeSeconds(60).build();

    assertThat(UnneededTime.notLongEnough(node(false, 60), options)).isNull();
    assertThat(UnneededTime.notLongEnough(node(true, 60), options)).isNotNull();
  }

  @ParameterizedTest(name = "ready={0}, scale-down-unready-enabled={1}: excluded = {2}")
  @CsvSource({"true, true, false", "true, false, false", "false, true, false", "false, false, true"})
  void onlyUnreadyNodesAreExcludedAndOnlyWhenDisabled(boolean ready, boolean enabled, boolean excluded) {
    AutoscalingOptions options = DEFAULTS.toBuilder().scaleDownUnreadyEnabled(enabled).build();

    assertThat(UnneededTime.unreadyExcluded(node(ready, 5000), options) != null).isEqualTo(excluded);
  }
}
