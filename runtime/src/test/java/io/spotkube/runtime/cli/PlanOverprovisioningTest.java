package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overprovisioning through {@code plan}: headroom pause pods as the guide runs them (priority -1,
 * above the expendable cutoff) and pods below the cutoff (-10 by default).
 */
class PlanOverprovisioningTest {

  @TempDir
  Path dir;

  /** One 2-cpu node, full with a 1.5-cpu pause pod of {@code priority}; a real 1-cpu pod pending. */
  private static SnapshotJson nodeHeldByAPausePod(int priority) {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 1, "2", "8Gi", 110);
    snapshot.node("n1", "ng", "2", "8Gi", 110);
    snapshot.pod("default", "pause", "1500m", null).put("nodeName", "n1").put("priority", priority)
        .putObject("labels").put("app", "overprovisioning");
    snapshot.pod("default", "real", "1", "1Gi");
    return snapshot;
  }

  @Test
  void theRoomOfARunningExpendablePodCountsAsFree() {
    JsonNode plan = nodeHeldByAPausePod(-20).plan(dir);

    // The scheduler preempts the pause pod for the real one: nothing to add.
    assertThat(plan.get("scaleUp")).isEmpty();
    assertThat(plan.get("unschedulable")).isEmpty();
  }

  @Test
  void aHeadroomPodAboveTheCutoffHoldsItsRoom() {
    JsonNode plan = nodeHeldByAPausePod(-1).plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("ng");
  }

  @Test
  void aPreemptedHeadroomPodAboveTheCutoffTriggersAScaleUp() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 1, "2", "8Gi", 110);
    snapshot.node("n1", "ng", "2", "8Gi", 110);
    snapshot.pod("default", "real", "1500m", "1Gi").put("nodeName", "n1");
    snapshot.pod("default", "pause", "1500m", null).put("priority", -1);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.at("/scaleUp/0/podsHelped/0").asText()).isEqualTo("default/pause");
  }

  @Test
  void theCutoffIsAnOption() {
    SnapshotJson snapshot = nodeHeldByAPausePod(-1);
    snapshot.options.put("expendablePodsPriorityCutoff", 0);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
  }
}
