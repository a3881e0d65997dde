package io.spotkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import io.spotkube.constructs.INodeGroup;
import io.spotkube.constructs.NodeTaint;
import io.spotkube.constructs.OnDemandNodeGroupProps;
import io.spotkube.constructs.RuntimeImage;
import io.spotkube.constructs.SpotKubernetesCluster;
import io.spotkube.constructs.SpotKubernetesClusterProps;
import io.spotkube.constructs.TaintEffect;
import io.spotkube.constructs.ZonePlacement;
import io.spotkube.contract.AutoscalerDiscoveryTags;
import io.spotkube.contract.KopsLabels;
import io.spotkube.contract.RuntimeFlags;
import io.spotkube.contract.TemplateNode;
import io.spotkube.contract.TerminationHandlerTags;
import io.spotkube.runtime.adapters.aws.NodeTemplates;
import io.spotkube.runtime.draining.handler.DrainingConfig;
import io.spotkube.runtime.model.Quantity;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.model.Taint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * The contract between the constructs and the runtime, with both on the classpath: a cluster with
 * labelled and tainted groups of several instance types (one of GPUs) is synthesized, and the
 * runtime's own reader ({@link NodeTemplates}, what its Auto Scaling provider calls with a group's
 * tags and overrides) turns each Auto Scaling group's tags in the template back into the node the
 * construct meant; every flag the constructs write into the runtime's Deployment is one the real
 * {@code run} accepts. Either side changing an encoding on its own breaks this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractRoundTripTest {

  private static final String CLUSTER = "contract-cluster";
  private static final String REGION = "eu-west-1";
  private static final Map<String, String> WEB_LABELS = Map.of("team", "web", "example.com/tier", "frontend");
  private static final List<NodeTaint> WEB_TAINTS = List.of(
      NodeTaint.of("spotkube.io/spot", "true", TaintEffect.PREFER_NO_SCHEDULE),
      NodeTaint.of("dedicated", "web", TaintEffect.NO_SCHEDULE));
  private static final List<String> GPU_TYPES = List.of("g4dn.xlarge", "g5.xlarge", "g6.xlarge");
  private static final List<NodeTaint> GPU_TAINTS = List.of(NodeTaint.of("nvidia.com/gpu", "", TaintEffect.NO_SCHEDULE));
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpotKubernetesCluster cluster;
  private Path outdir;
  private JsonNode resources;

  @BeforeAll
  void synthesize() throws IOException {
    outdir = Files.createTempDirectory("spotkube-contract");
    App app = new App(AppProps.builder().outdir(outdir.toString()).build());
    Stack stack = new Stack(app, "ContractCluster", StackProps.builder()
        .env(Environment.builder().region(REGION).build()).build());
    cluster = new SpotKubernetesCluster(stack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName(CLUSTER)
        .availabilityZones(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"))
        .runtimeImage(RuntimeImage.fromUri("example/runtime:1"))
        .scaleDownUnneededTime(Duration.seconds(90))
        .scaleDownDelayAfterAdd(Duration.minutes(3))
        .build());
    cluster.addOnDemandNodeGroup("nodes", OnDemandNodeGroupProps.builder()
        .instanceTypes(List.of("t3.large")).autoscalerDiscovery(true).minCapacity(1).maxCapacity(3)
        .labels(Map.of("team", "platform"))
        .build());
    cluster.addSpotNodeGroup("spot-web", DiversifiedSpotNodeGroupProps.builder()
        .baseInstanceType("m5.large").burstSupport(false).denyList("^?[1-3].*\\..*").gpus(0)
        .labels(WEB_LABELS).taints(WEB_TAINTS)
        .minCapacity(0).maxCapacity(5)
        .build());
    cluster.addSpotNodeGroup("spot-gpu", DiversifiedSpotNodeGroupProps.builder()
        .instanceTypes(GPU_TYPES).labels(Map.of("accelerator", "nvidia")).taints(GPU_TAINTS).maxPods(58)
        .zonePlacement(ZonePlacement.ONE_GROUP_ACROSS_ZONES)
        .minCapacity(0).maxCapacity(2)
        .build());
    app.synth();
    resources = JSON.readTree(outdir.resolve("ContractCluster.template.json").toFile()).path("Resources");
  }

  @Test
  void theRuntimeReadsEachGroupsTagsBackIntoTheTemplateNodeTheConstructMeant() {
    assertThat(cluster.getNodeGroups()).hasSize(3);
    for (INodeGroup group : cluster.getNodeGroups()) {
      List<JsonNode> groups = autoScalingGroups(group.getNodeGroupName());
      assertThat(groups).as("Auto Scaling groups of %s", group.getNodeGroupName()).isNotEmpty();
      TemplateNode meant = group.getTemplateNode();
      for (JsonNode autoScalingGroup : groups) {
        List<String> types = overrides(autoScalingGroup);
        assertThat(types).isEqualTo(group.getInstanceTypes());

        var read = NodeTemplates.build(group.getNodeGroupName(), types, tags(autoScalingGroup), List.of(), REGION,
            InstanceTypeCatalog.bundled()).template();

        assertThat(read.labels()).as("labels of %s", group.getNodeGroupName())
            .containsAllEntriesOf(group.getLabels()).containsAllEntriesOf(meant.labels());
        assertThat(read.taints()).as("taints of %s", group.getNodeGroupName()).isEqualTo(runtimeTaints(group.getTaints()));
        assertThat(read.allocatable()).as("allocatable of %s", group.getNodeGroupName()).isEqualTo(allocatable(meant));
      }
    }
  }

  @Test
  void theReadTemplateNodesHoldTheLabelsTaintsAndGpusTheClusterWasGiven() {
    var web = readTemplate("spot-web").template();
    assertThat(web.labels()).containsAllEntriesOf(WEB_LABELS)
        .containsEntry(KopsLabels.LIFECYCLE, KopsLabels.SPOT).containsEntry(KopsLabels.INSTANCE_GROUP, "spot-web");
    assertThat(web.taints()).containsExactlyInAnyOrder(
        new Taint("spotkube.io/spot", "true", "PreferNoSchedule"), new Taint("dedicated", "web", "NoSchedule"));
    // m5.large, less what the kubelet keeps: never more than the smallest type has.
    assertThat(web.allocatable().cpuMillis()).isBetween(1L, 1999L);
    assertThat(web.allocatable().memoryBytes()).isBetween(1L, (8L << 30) - 1);

    var gpu = readTemplate("spot-gpu").template();
    assertThat(gpu.labels()).containsEntry("accelerator", "nvidia").containsEntry(KopsLabels.LIFECYCLE, KopsLabels.SPOT);
    assertThat(gpu.taints()).containsExactly(new Taint("nvidia.com/gpu", "", "NoSchedule"));
    assertThat(gpu.allocatable().extended("nvidia.com/gpu")).isEqualTo(1);
    // What the planner's GPU readiness reads: a node of this group without advertised GPUs is upcoming.
    assertThat(gpu.labels()).containsKey(io.spotkube.contract.AcceleratorLabel.KEY);
    assertThat(web.labels()).doesNotContainKey(io.spotkube.contract.AcceleratorLabel.KEY);
    // The GPU group brought NVIDIA's device plugin as an add-on of the cluster.
    assertThat(resources.toString()).contains("/addons/nvidia-device-plugin.yaml");
    assertThat(gpu.allocatable().pods()).isEqualTo(58);

    var onDemand = readTemplate("nodes").template();
    assertThat(onDemand.labels()).containsEntry("team", "platform").containsEntry(KopsLabels.LIFECYCLE, KopsLabels.ON_DEMAND);
    assertThat(onDemand.taints()).isEmpty();
  }

  @Test
  void discoveryTagsStayOnTheGroupsAndTheManagedTagTheRuntimeChecksReachesTheInstances() throws IOException {
    List<String> args = RuntimeDeployment.args(outdir);
    String managedTag = flagValue(args, RuntimeFlags.MANAGED_TAG);
    assertThat(managedTag).isEqualTo(DrainingConfig.builder().build().managedTag());
    for (INodeGroup group : cluster.getNodeGroups()) {
      for (JsonNode autoScalingGroup : autoScalingGroups(group.getNodeGroupName())) {
        assertThat(tag(autoScalingGroup, AutoscalerDiscoveryTags.ENABLED)).isEqualTo(List.of("true", "false"));
        assertThat(tag(autoScalingGroup, AutoscalerDiscoveryTags.clusterKey(CLUSTER))).isEqualTo(List.of("owned", "false"));
        assertThat(tag(autoScalingGroup, managedTag)).as("%s on the instances", managedTag).element(1).isEqualTo("true");
      }
    }
    assertThat(flagValue(args, RuntimeFlags.NODE_GROUP_AUTO_DISCOVERY))
        .isEqualTo(AutoscalerDiscoveryTags.autoDiscovery(CLUSTER));
    assertThat(managedTag).isEqualTo(TerminationHandlerTags.MANAGED);
  }

  @Test
  void everyFlagTheConstructsWriteIsOneTheRuntimesRunAccepts() throws Exception {
    List<String> args = RuntimeDeployment.args(outdir);
    List<String> command = new ArrayList<>(RuntimeDeployment.filledIn(args));
    command.add("--check-flags");

    RuntimeJar.Result result = RuntimeJar.run(command);

    assertThat(result.exitCode()).as("run %s%n%s", command, result.output()).isZero();
    assertThat(result.output()).contains("draining (queue https://sqs.eu-west-1.amazonaws.com/123456789012/q)",
        "autoscaler (cluster " + CLUSTER + ", expander ");
    // The constructs write exactly the contract's flags, durations in Go's notation.
    assertThat(args).first().isEqualTo(RuntimeFlags.RUN);
    // The kubeadm cluster turns the node-credential server on: its two flags come before the cluster id.
    List<String> expected = new ArrayList<>(RuntimeFlags.ALL);
    expected.addAll(expected.indexOf(RuntimeFlags.CLUSTER_ID),
        List.of(RuntimeFlags.NODE_CREDENTIAL_ADDRESS, RuntimeFlags.NODE_CREDENTIAL_ROLE_NAMES));
    assertThat(args.subList(1, args.size())).extracting(arg -> arg.substring(0, arg.indexOf('=')))
        .containsExactlyElementsOf(expected);
    assertThat(args).contains("--scale-down-unneeded-time=1m30s", "--scale-down-delay-after-add=3m");
  }

  private NodeTemplates.Template readTemplate(String nodeGroupName) {
    JsonNode autoScalingGroup = autoScalingGroups(nodeGroupName).get(0);
    return NodeTemplates.build(nodeGroupName, overrides(autoScalingGroup), tags(autoScalingGroup), List.of(), REGION,
        InstanceTypeCatalog.bundled());
  }

  /** The construct's template node in the runtime's terms: its quantities parsed as the runtime parses them. */
  private static Resources allocatable(TemplateNode node) {
    Map<String, Quantity> quantities = new TreeMap<>();
    node.resources().forEach((name, quantity) -> quantities.put(name, Quantity.parse(name, quantity)));
    return Resources.fromQuantities("the construct's template node", quantities);
  }

  private static List<Taint> runtimeTaints(List<NodeTaint> taints) {
    return taints.stream().map(taint -> new Taint(taint.key(), taint.value(), taint.effect().kubernetesName()))
        .sorted(Comparator.comparing(Taint::key)).toList();
  }

  /** The group's Auto Scaling groups in the template, found by the instance-group tag as kOps tags them. */
  private List<JsonNode> autoScalingGroups(String nodeGroupName) {
    List<JsonNode> groups = new ArrayList<>();
    resources.forEach(resource -> {
      if (resource.path("Type").asText().equals("AWS::AutoScaling::AutoScalingGroup")
          && nodeGroupName.equals(tag(resource, KopsLabels.INSTANCE_GROUP).get(0))) {
        groups.add(resource);
      }
    });
    return groups;
  }

  /** The group's tags, as DescribeAutoScalingGroups gives them to the runtime. */
  private static Map<String, String> tags(JsonNode autoScalingGroup) {
    Map<String, String> tags = new LinkedHashMap<>();
    autoScalingGroup.path("Properties").path("Tags")
        .forEach(tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
    return tags;
  }

  /** [value, PropagateAtLaunch] of one tag, or [null, null] when the group lacks it. */
  private static List<String> tag(JsonNode autoScalingGroup, String key) {
    for (JsonNode tag : autoScalingGroup.path("Properties").path("Tags")) {
      if (tag.path("Key").asText().equals(key)) {
        return List.of(tag.path("Value").asText(), tag.path("PropagateAtLaunch").asText());
      }
    }
    return java.util.Arrays.asList(null, null);
  }

  private static List<String> overrides(JsonNode autoScalingGroup) {
    List<String> types = new ArrayList<>();
    autoScalingGroup.path("Properties").path("MixedInstancesPolicy").path("LaunchTemplate").path("Overrides")
        .forEach(override -> types.add(override.path("InstanceType").asText()));
    return types;
  }

  private static String flagValue(List<String> args, String flag) {
    return args.stream().filter(arg -> arg.startsWith(flag + "=")).map(arg -> arg.substring(flag.length() + 1))
        .findFirst().orElseThrow(() -> new AssertionError(flag + " is not among the runtime's args " + args));
  }
}
