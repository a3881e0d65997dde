package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU nodes through {@code plan}: a new node of a GPU group whose device plugin has not advertised
 * its GPUs yet, and the GPU scale-down utilization threshold.
 */
class PlanGpuTest {

  private static final String ACCELERATOR = "k8s.amazonaws.com/accelerator";
  private static final String GPU = "nvidia.com/gpu";

  @TempDir
  Path dir;

  /** A group of one-GPU nodes whose one node has just joined: {@code gpusAdvertised} 0 or 1. */
  private static SnapshotJson newGpuNode(int gpusAdvertised) {
    SnapshotJson snapshot = new SnapshotJson();
    ObjectNode template = snapshot.group("gpu", 0, 10, 1, "4", "16Gi", 110).with("template");
    template.with("allocatable").put(GPU, "1");
    template.with("labels").put(ACCELERATOR, "g4dn");
    ObjectNode node = snapshot.node("gpu-1", "gpu", "4", "16Gi", 110);
    node.with("allocatable").put(GPU, Integer.toString(gpusAdvertised));
    node.with("labels").put(ACCELERATOR, "g4dn");
    snapshot.pod("default", "train", "1", "1Gi").with("requests").put(GPU, "1");
    return snapshot;
  }

  @Test
  void aNewGpuNodeWhoseGpusAreNotAdvertisedYetIsUpcomingAndTriggersNoSecondScaleUp() {
    JsonNode plan = newGpuNode(0).plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
    assertThat(plan.get("unschedulable")).isEmpty();
    assertThat(plan.get("notRemoved").toString())
        .contains("{\"node\":\"gpu-1\",\"reason\":\"its GPUs are not advertised yet: counted as upcoming\"}");
  }

  @Test
  void withoutTheAcceleratorLabelANodeWithoutGpusIsTakenAtItsWord() {
    SnapshotJson snapshot = newGpuNode(0);
    ((ObjectNode) snapshot.nodes.get(0).get("labels")).remove(ACCELERATOR);

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("gpu");
  }

  @Test
  void aGpuNodeWithItsGpusAdvertisedAndTakenNeedsAScaleUp() {
    SnapshotJson snapshot = newGpuNode(1);
    snapshot.pod("default", "running", "1", "1Gi").put("nodeName", "gpu-1").with("requests").put(GPU, "1");

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("gpu");
  }

  /** Two 4-GPU nodes, each running one GPU pod: a GPU utilization of 0.25, cpu and memory nearly idle. */
  private static SnapshotJson twoQuarterUsedGpuNodes() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.group("gpu", 0, 10, 2, "16", "64Gi", 110).with("template").with("allocatable").put(GPU, "4");
    for (String name : new String[] {"g1", "g2"}) {
      snapshot.node(name, "gpu", "16", "64Gi", 110).put("unneededForSeconds", 3600).with("allocatable").put(GPU, "4");
      snapshot.pod("default", "train-" + name, "100m", "100Mi").put("nodeName", name).with("requests").put(GPU, "1");
    }
    return snapshot;
  }

  @Test
  void gpuNodesAreJudgedByTheGpuThreshold() {
    SnapshotJson snapshot = twoQuarterUsedGpuNodes();
    snapshot.options.put("scaleDownGpuUtilizationThreshold", 0.2);

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleDown")).isEmpty();
    assertThat(plan.get("notRemoved").toString()).contains("utilization 0.25 >= 0.2 (GPU threshold)");
  }

  @Test
  void theGpuThresholdDefaultsToUpstreamsHalf() {
    JsonNode plan = twoQuarterUsedGpuNodes().plan(dir);

    assertThat(texts(plan.get("scaleDown"), "reason")).containsExactly("utilization 0.25 < 0.5 (GPU threshold)");
  }
}
