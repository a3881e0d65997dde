package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream's {@code --scale-down-unready-time} and {@code --scale-down-unready-enabled} through
 * {@code plan}: an empty unready node and an empty ready node, both unneeded for 15 minutes, with
 * upstream's defaults (unneeded time 10 min, unready time 20 min).
 */
class PlanUnreadyScaleDownTest {

  @TempDir
  Path dir;

  private static SnapshotJson emptyReadyAndUnreadyNodes(long unneededForSeconds) {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("ng", 0, 10, 3, "2", "8Gi", 110);
    snapshot.node("busy", "ng", "2", "8Gi", 110);
    snapshot.pod("default", "busy", "1500m", "1Gi").put("nodeName", "busy");
    snapshot.node("idle-ready", "ng", "2", "8Gi", 110).put("unneededForSeconds", unneededForSeconds);
    snapshot.node("idle-unready", "ng", "2", "8Gi", 110).put("ready", false)
        .put("unneededForSeconds", unneededForSeconds);
    return snapshot;
  }

  private static String reason(JsonNode plan, String node) {
    for (JsonNode each : plan.get("notRemoved")) {
      if (each.get("node").asText().equals(node)) {
        return each.get("reason").asText();
      }
    }
    return null;
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(each -> names.add(each.asText()));
    return names;
  }

  @Test
  void anUnreadyNodeWaitsTheUnreadyTimeNotTheUnneededTime() {
    JsonNode plan = emptyReadyAndUnreadyNodes(900).plan(dir);

    assertThat(texts(plan.get("scaleDown"), "node")).containsExactly("idle-ready");
    assertThat(reason(plan, "idle-unready")).isEqualTo("unready and unneeded for 900s < 1200s (scale-down-unready-time)");
    assertThat(names(plan.get("unneeded"))).contains("idle-unready");
  }

  @Test
  void anUnreadyNodeGoesOnceUnneededForTheUnreadyTime() {
    JsonNode plan = emptyReadyAndUnreadyNodes(1200).plan(dir);

    assertThat(texts(plan.get("scaleDown"), "node")).containsExactlyInAnyOrder("idle-ready", "idle-unready");
  }

  @Test
  void theUnreadyTimeComesFromTheOptions() {
    SnapshotJson snapshot = emptyReadyAndUnreadyNodes(300);
    snapshot.options.put("scaleDownUnreadyTimeSeconds", 240);

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleDown"), "node")).containsExactly("idle-unready");
  }

  @Test
  void withScaleDownUnreadyDisabledAnUnreadyNodeIsNeverACandidate() {
    SnapshotJson snapshot = emptyReadyAndUnreadyNodes(5000);
    snapshot.options.put("scaleDownUnreadyEnabled", false);

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleDown"), "node")).containsExactly("idle-ready");
    assertThat(reason(plan, "idle-unready")).isEqualTo("node is unready and scale-down of unready nodes is disabled");
    assertThat(names(plan.get("unneeded"))).doesNotContain("idle-unready");
  }
}
