package io.spotkube.runtime.scaling.scaleup;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.model.Labels;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.model.TopologySpreadConstraint;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.NodeTemplate;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.estimator.BinpackingEstimator;
import io.spotkube.runtime.scaling.expander.Expanders;
import io.spotkube.runtime.scaling.simulator.ClusterSimulation;
import io.spotkube.runtime.scaling.simulator.SimNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Balancing similar groups as upstream's ScaleUpOrchestrator: the estimate may use the combined
 * headroom of the chosen group and its similar groups ({@code SimilarNodeGroups} in the estimation
 * context, the sng capacity threshold), and a group is similar only when it can take every pod group
 * the chosen group can take ({@code ComputeSimilarNodeGroups}).
 */
class ScaleUpOrchestratorBalancingTest {

  private static final long GIB = 1L << 30;

  private static NodeGroup group(String name, String zone, int max, int desired) {
    NodeTemplate template = new NodeTemplate(Resources.builder().cpuMillis(4000).memoryBytes(16 * GIB).pods(110).build(),
        Map.of(Labels.ZONE, zone), List.of());
    return new NodeGroup(name, 0, max, desired, List.of("m5.xlarge"), 0.2, false, template);
  }

  private static List<Pod> pods(String prefix, int count, long cpuMillis, String zone) {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Pod.Builder pod = Pod.builder("default", String.format("%s-%02d", prefix, i)).label("app", prefix)
          .ownerKind("ReplicaSet").requests(Resources.builder().cpuMillis(cpuMillis).memoryBytes(GIB).build());
      if (zone != null) {
        pod.nodeSelector(Labels.ZONE, zone);
      }
      pods.add(pod.build());
    }
    return pods;
  }

  /** Chooses {@code chosen} by the priority expander; balancing on. */
  private static ScaleUpResult plan(String chosen, List<NodeGroup> groups, List<Pod> pending) {
    return plan(chosen, groups, pending, new ClusterSimulation());
  }

  private static ScaleUpResult plan(String chosen, List<NodeGroup> groups, List<Pod> pending,
      ClusterSimulation simulation) {
    AutoscalingOptions options = AutoscalingOptions.builder().expander("priority")
        .priorities(Map.of(10, List.of("^" + chosen + "$"))).balanceSimilarNodeGroups(true).build();
    return new ScaleUpOrchestrator(options, new BinpackingEstimator(),
        Expanders.chain(options.expander(), options.priorities(), new Random(1)))
        .plan(simulation, groups, pending, simulation.nodes().size());
  }

  private static Map<String, String> sizes(ScaleUpResult result) {
    Map<String, String> sizes = new LinkedHashMap<>();
    result.scaleUp().forEach(scaleUp -> sizes.put(scaleUp.nodeGroup(), scaleUp.from() + "->" + scaleUp.to()));
    return sizes;
  }

  /** Two similar groups at 1 (max 4): room for 3 + 3 nodes; each pod needs a whole node. */
  @ParameterizedTest(name = "{0} pods -> ng-a {1}, ng-b {2}, {3} left")
  @CsvSource({
      "5, 1->4, 1->3, 0",
      "6, 1->4, 1->4, 0",
      "8, 1->4, 1->4, 2"})
  void theEstimateMayUseTheCombinedHeadroomOfTheSimilarGroups(int podCount, String sizeA, String sizeB, int left) {
    // Given
    List<NodeGroup> groups = List.of(group("ng-a", "eu-west-1a", 4, 1), group("ng-b", "eu-west-1b", 4, 1));
    List<Pod> pending = pods("web", podCount, 4000, null);

    // When
    ScaleUpResult result = plan("ng-a", groups, pending);

    // Then more nodes than ng-a's own room of 3 are added over the two groups; pods are left (and
    // say max size) only when both groups are full
    assertThat(sizes(result)).containsExactly(Map.entry("ng-a", sizeA), Map.entry("ng-b", sizeB));
    assertThat(result.scaleUp()).allSatisfy(scaleUp -> assertThat(scaleUp.podsHelped()).hasSize(podCount - left));
    assertThat(result.unschedulable()).hasSize(left).extracting(Plan.Unschedulable::reason)
        .allMatch(reason -> reason.contains("ng-a: max size reached in it and its 1 similar group (6 new nodes)"));
  }

  @Test
  void aGroupThatCannotTakeOneOfTheChosenGroupsPodGroupsIsNotBalancedInto() {
    // Given ng-a1 and ng-a2 in zone a and ng-b in zone b, all similar by template; big unpinned pods
    // fill ng-a1's estimate before its small zone-a pods, so the option helps only unpinned pods
    List<NodeGroup> groups = List.of(group("ng-a1", "eu-west-1a", 3, 0), group("ng-a2", "eu-west-1a", 3, 0),
        group("ng-b", "eu-west-1b", 3, 0));
    List<Pod> pending = new ArrayList<>(pods("batch", 6, 4000, null));
    pending.addAll(pods("zonal", 2, 500, "eu-west-1a"));

    // When
    ScaleUpResult result = plan("ng-a1", groups, pending);

    // Then ng-b (it cannot take the zone-a pods ng-a1 can) gets nothing; ng-a2 shares the scale-up
    assertThat(sizes(result)).containsOnlyKeys("ng-a1", "ng-a2");
    assertThat(sizes(result)).containsExactly(Map.entry("ng-a1", "0->3"), Map.entry("ng-a2", "0->3"));
  }

  @Test
  void aGroupWhereTheTopologySpreadOfAPodGroupForbidsItNowIsNotBalancedInto() {
    // Given full nodes in zones a and b, a replica of the zone-spread workload running in zone b
    ClusterSimulation simulation = new ClusterSimulation();
    List<NodeGroup> groups = List.of(group("ng-a", "eu-west-1a", 10, 1), group("ng-b", "eu-west-1b", 10, 1));
    for (NodeGroup group : groups) {
      Map<String, String> labels = new LinkedHashMap<>(group.template().labels());
      labels.put(Labels.HOSTNAME, group.name() + "-node");
      simulation.addNode(SimNode.existing(new Node(group.name() + "-node", group.name(), group.template().allocatable(),
          labels, List.of(), true, false, 0, null)));
    }
    Pod running = spread("spread-running").nodeName("ng-b-node").build();
    simulation.place(running, simulation.node("ng-b-node"));
    simulation.place(pods("filler", 1, 3000, null).get(0), simulation.node("ng-b-node"));
    simulation.place(pods("filler-a", 1, 4000, null).get(0), simulation.node("ng-a-node"));
    List<Pod> pending = new ArrayList<>(pods("batch", 4, 4000, null));
    pending.add(spread("spread-0").build());

    // When
    ScaleUpResult result = plan("ng-a", groups, pending, simulation);

    // Then only zone a may take the next replica (upstream's SchedulablePodGroups checks the template
    // node within the cluster), so ng-b is not similar and all 5 nodes go to ng-a
    assertThat(sizes(result)).containsExactly(Map.entry("ng-a", "1->6"));
    assertThat(result.unschedulable()).isEmpty();
  }

  private static Pod.Builder spread(String name) {
    return Pod.builder("default", name).label("app", "spread").ownerKind("ReplicaSet")
        .requests(Resources.builder().cpuMillis(1000).memoryBytes(GIB).build())
        .topologySpreadConstraint(new TopologySpreadConstraint(1, Labels.ZONE, "DoNotSchedule", Map.of("app", "spread")));
  }
}
