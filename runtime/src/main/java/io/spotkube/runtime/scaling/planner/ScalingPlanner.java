package io.spotkube.runtime.scaling.planner;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.ClusterSnapshot;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.estimator.BinpackingEstimator;
import io.spotkube.runtime.scaling.expander.Expanders;
import io.spotkube.runtime.scaling.expander.Filter;
import io.spotkube.runtime.scaling.scaledown.ScaleDownPlanner;
import io.spotkube.runtime.scaling.scaledown.ScaleDownResult;
import io.spotkube.runtime.scaling.scaleup.ScaleUpOrchestrator;
import io.spotkube.runtime.scaling.scaleup.ScaleUpResult;
import io.spotkube.runtime.scaling.simulator.ClusterSimulation;
import io.spotkube.runtime.scaling.simulator.FirstFit;
import io.spotkube.runtime.scaling.simulator.PodClass;
import io.spotkube.runtime.scaling.simulator.SimNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * One autoscaling decision: a pure function from a {@link ClusterSnapshot} to a {@link Plan}. The
 * same code serves the controller loop and {@code plan --snapshot}.
 *
 * <ol>
 *   <li>Existing nodes with their pods, plus each group's upcoming nodes ({@code desired} minus the
 *       nodes listed) as empty template nodes.
 *   <li>Pending pods go onto that capacity first (highest priority first). Pods below the
 *       expendable-pods priority cutoff are left out altogether: pending, they trigger nothing;
 *       running, their room counts as free (the scheduler would preempt them).
 *   <li>The rest drive a scale-up ({@link ScaleUpOrchestrator}).
 *   <li>Scale-down ({@link ScaleDownPlanner}) on the simulation with those pods placed; no node is
 *       removed in a loop that scales up or within scale-down-delay-after-add of the last scale-up.
 * </ol>
 */
public final class ScalingPlanner {

  private ScalingPlanner() {
  }

  /**
   * @throws IllegalArgumentException for options that name no expander or hold an invalid regex
   */
  public static Plan plan(ClusterSnapshot snapshot) {
    AutoscalingOptions options = snapshot.options();
    // java.util.Random's first draws barely differ for neighbouring seeds: mix the seed first.
    Random random = new Random(new SplittableRandom(options.seed()).nextLong());
    Filter expander = Expanders.chain(options.expander(), options.priorities(), random);
    List<NodeGroup> groups = DaemonSetOverhead.apply(snapshot.nodeGroups(), snapshot.nodes(), snapshot.pods()).stream()
        .sorted(Comparator.comparing(NodeGroup::name)).toList();

    ClusterSimulation simulation = new ClusterSimulation();
    Map<String, Integer> listed = new HashMap<>();
    // By name, so a decision does not depend on the order nodes arrive in (informer caches are unordered).
    List<Node> nodes = snapshot.nodes().stream().sorted(Comparator.comparing(Node::name)).toList();
    Map<String, NodeGroup> groupsByName = new HashMap<>();
    groups.forEach(group -> groupsByName.put(group.name(), group));
    for (Node node : nodes) {
      NodeGroup group = node.nodeGroup() == null ? null : groupsByName.get(node.nodeGroup());
      simulation.addNode(GpuReadiness.gpusNotAdvertised(node) && group != null
          // Upstream: such a node is not ready yet; counted as upcoming, it offers what its group's template does.
          ? SimNode.fromTemplate(node.name(), group.name(), SimNode.Kind.UPCOMING, group.template())
          : SimNode.existing(GpuReadiness.gpusNotAdvertised(node) ? node.withReady(false) : node));
      if (node.nodeGroup() != null) {
        listed.merge(node.nodeGroup(), 1, Integer::sum);
      }
    }
    for (NodeGroup group : groups) {
      int upcoming = group.desired() - listed.getOrDefault(group.name(), 0);
      for (int i = 0; i < upcoming; i++) {
        simulation.addNode(SimNode.fromTemplate("upcoming-" + group.name() + "-" + i, group.name(),
            SimNode.Kind.UPCOMING, group.template()));
      }
    }
    List<Pod> pending = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      if (pod.isPending()) {
        // Expendable pods (priority below the cutoff) never trigger a scale-up, as upstream.
        if (pod.priority() >= options.expendablePodsPriorityCutoff()) {
          pending.add(pod);
        }
      } else if (pod.priority() >= options.expendablePodsPriorityCutoff()) {
        // Expendable pods that run are left out too (upstream's nonExpendableScheduledPods): the
        // scheduler preempts them for any pending pod, so their room counts as free.
        SimNode node = simulation.node(pod.nodeName());
        if (node != null) {
          simulation.place(pod, node);
        }
      }
    }
    pending.sort(Comparator.comparingInt((Pod pod) -> -pod.priority()).thenComparing(Pod::key));

    List<SimNode> capacity = new ArrayList<>(simulation.nodes());
    FirstFit firstFit = new FirstFit(simulation, capacity, node -> true);
    List<Pod> stillPending = new ArrayList<>();
    for (Pod pod : pending) {
      if (firstFit.place(pod, PodClass.of(pod)) == null) {
        stillPending.add(pod);
      }
    }

    ScaleUpResult scaleUp = new ScaleUpOrchestrator(options, new BinpackingEstimator(), expander)
        .plan(simulation, groups, stillPending, capacity.size());

    String blockedBecause = null;
    if (!scaleUp.scaleUp().isEmpty()) {
      blockedBecause = "a scale-up is planned in this loop";
    } else if (options.secondsSinceLastScaleUp() < options.scaleDownDelayAfterAddSeconds()) {
      blockedBecause = "scale-down waits " + options.scaleDownDelayAfterAddSeconds() + "s after a scale-up (last "
          + options.secondsSinceLastScaleUp() + "s ago)";
    }
    ScaleDownResult scaleDown = new ScaleDownPlanner(options)
        .plan(simulation, nodes, groups, snapshot.podDisruptionBudgets(), blockedBecause);

    return new Plan(scaleUp.scaleUp(), scaleDown.scaleDown(), scaleUp.unschedulable(), scaleDown.notRemoved(),
        scaleDown.unneeded());
  }
}
