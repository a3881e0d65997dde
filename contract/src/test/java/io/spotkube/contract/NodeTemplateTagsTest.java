package io.spotkube.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeTemplateTagsTest {

  private static final TemplateNode SPOT_GPU_NODE = new TemplateNode(
      Map.of(KopsLabels.LIFECYCLE, KopsLabels.SPOT, "team", "ml", "example.com/empty", ""),
      List.of(TemplateTaint.of("nvidia.com/gpu", "", "NoSchedule"), TemplateTaint.of("spotkube.io/spot", "true", "PreferNoSchedule")),
      Map.of(NodeTemplateTags.CPU, "3920m", NodeTemplateTags.MEMORY, "14000Mi", NodeTemplateTags.PODS, "110",
          NodeTemplateTags.NVIDIA_GPU, "1"));

  @Test
  void aTemplateNodeIsWrittenAsClusterAutoscalersNodeTemplateTags() {
    assertThat(NodeTemplateTags.encode(SPOT_GPU_NODE)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "k8s.io/cluster-autoscaler/node-template/label/example.com/empty", "",
        "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/lifecycle", "Spot",
        "k8s.io/cluster-autoscaler/node-template/label/team", "ml",
        "k8s.io/cluster-autoscaler/node-template/resources/cpu", "3920m",
        "k8s.io/cluster-autoscaler/node-template/resources/memory", "14000Mi",
        "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu", "1",
        "k8s.io/cluster-autoscaler/node-template/resources/pods", "110",
        "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu", ":NoSchedule",
        "k8s.io/cluster-autoscaler/node-template/taint/spotkube.io/spot", "true:PreferNoSchedule")));
  }

  @Test
  void decodingTheWrittenTagsGivesTheSameTemplateNode() {
    Map<String, String> tags = new TreeMap<>(NodeTemplateTags.encode(SPOT_GPU_NODE));
    tags.put(AutoscalerDiscoveryTags.ENABLED, "true");
    tags.put(TerminationHandlerTags.MANAGED, "true");
    tags.put(NodeTemplateTags.PREFIX + "autoscaling-options/scaledownunneededtime", "5m");

    assertThat(NodeTemplateTags.decode(tags)).isEqualTo(SPOT_GPU_NODE);
  }

  @Test
  void aTaintValueMayHoldAColonOnlyTheLastOneSeparatesTheEffect() {
    TemplateTaint taint = NodeTemplateTags.decode(Map.of(NodeTemplateTags.taintKey("k"), "a:b:NoExecute")).taints().get(0);

    assertThat(taint).isEqualTo(TemplateTaint.of("k", "a:b", "NoExecute"));
  }

  @Test
  void badTagsAreRejectedNamingTheTag() {
    assertThatThrownBy(() -> NodeTemplateTags.decode(Map.of(NodeTemplateTags.taintKey("spot"), "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag k8s.io/cluster-autoscaler/node-template/taint/spot: 'true' is not value:Effect");
    assertThatThrownBy(() -> NodeTemplateTags.decode(Map.of(NodeTemplateTags.taintKey("spot"), "true:Never")))
        .hasMessage("tag k8s.io/cluster-autoscaler/node-template/taint/spot: effect 'Never' is not NoSchedule, "
            + "PreferNoSchedule or NoExecute");
    assertThatThrownBy(() -> NodeTemplateTags.decode(Map.of(NodeTemplateTags.LABEL_PREFIX, "x")))
        .hasMessage("tag k8s.io/cluster-autoscaler/node-template/label/: names no label");
  }

  @Test
  void aTagAutoScalingWouldRefuseIsRejectedAtEncodingNamingTheLabel() {
    String longKey = "a".repeat(50) + "." + "b".repeat(30) + ".example.com/role"; // a valid label key, 98 characters
    TemplateNode node = new TemplateNode(Map.of(longKey, "x"), List.of(), Map.of());

    assertThatThrownBy(() -> NodeTemplateTags.encode(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label " + longKey + ": its node-template tag key " + NodeTemplateTags.labelKey(longKey)
            + " is 144 characters; Auto Scaling allows 128");
  }

  @Test
  void twoTaintsWithOneKeyCannotBeTagged() {
    assertThatThrownBy(() -> new TemplateNode(Map.of(), List.of(TemplateTaint.of("k", "", "NoSchedule"),
        TemplateTaint.of("k", "", "NoExecute")), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("taints: two taints have the key k; node-template tags hold one taint per key");
  }
}
