package io.spotkube.runtime.scaling.scaledown;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.simulator.ClusterSimulation;
import io.spotkube.runtime.scaling.simulator.PodClass;
import io.spotkube.runtime.scaling.simulator.SimNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which nodes can go (upstream's scale-down planner): nodes of autoscaled groups below the
 * utilization threshold, emptiest first, whose every pod may be evicted and fits on another node
 * of the simulation. A node found unneeded has its pods moved in the simulation, so the next
 * candidate cannot count on the same free space. Of the unneeded nodes, those unneeded long enough
 * are removed ({@link UnneededTime}): up to {@code maxEmptyBulkDelete} empty ones and {@code maxDrainParallelism} others
 * per loop; never below a group's min size.
 */
public final class ScaleDownPlanner {

  static final String GPU = io.spotkube.contract.AcceleratorLabel.NVIDIA_GPU;
  /** Upstream's scale-down-candidates-pool: non-empty nodes simulated per loop, at least 50 or 10%. */
  static final int MIN_CANDIDATE_POOL = 50;
  static final double CANDIDATE_POOL_RATIO = 0.1;

  private final AutoscalingOptions options;
  private final Map<PodClass, Integer> hints = new HashMap<>();

  public ScaleDownPlanner(AutoscalingOptions options) {
    this.options = options;
  }

  private record Candidate(Node node, SimNode simNode, double utilization, boolean empty) {
  }

  /** Upstream's: a node with GPUs is judged by its GPU utilization against the GPU threshold. */
  private double threshold(SimNode node) {
    return node.allocatable().extended(GPU) > 0 ? options.scaleDownGpuUtilizationThreshold()
        : options.scaleDownUtilizationThreshold();
  }

  private String thresholdText(SimNode node) {
    return Double.toString(threshold(node)) + (node.allocatable().extended(GPU) > 0 ? " (GPU threshold)" : "");
  }

  /**
   * @param blockedBecause when not null, no node is removed this loop and unneeded nodes carry this reason
   */
  public ScaleDownResult plan(ClusterSimulation simulation, List<Node> nodes, List<NodeGroup> groups,
      List<PodDisruptionBudget> budgets, String blockedBecause) {
    Map<String, NodeGroup> groupsByName = new HashMap<>();
    groups.forEach(group -> groupsByName.put(group.name(), group));
    List<Plan.NotRemoved> notRemoved = new ArrayList<>();
    Map<PodDisruptionBudget, Integer> remaining = new HashMap<>();
    DrainRules rules = new DrainRules(options, budgets, remaining);
    List<Candidate> candidates = new ArrayList<>();
    for (Node node : nodes) {
      SimNode simNode = simulation.node(node.name());
      String unreadyExcluded = UnneededTime.unreadyExcluded(node, options);
      if (node.nodeGroup() == null || !groupsByName.containsKey(node.nodeGroup())) {
        notRemoved.add(new Plan.NotRemoved(node.name(), "node is not in an autoscaled node group"));
      } else if (node.scaleDownDisabled()) {
        notRemoved.add(new Plan.NotRemoved(node.name(), "node has annotation " + Node.SCALE_DOWN_DISABLED + "=true"));
      } else if (unreadyExcluded != null) {
        notRemoved.add(new Plan.NotRemoved(node.name(), unreadyExcluded));
      } else if (node.unschedulable()) {
        notRemoved.add(new Plan.NotRemoved(node.name(), "node is cordoned or about to be interrupted"));
      } else if (simNode.kind() == SimNode.Kind.UPCOMING) {
        notRemoved.add(new Plan.NotRemoved(node.name(), "its GPUs are not advertised yet: counted as upcoming"));
      } else {
        double utilization = simNode.utilization(GPU);
        if (utilization >= threshold(simNode)) {
          notRemoved.add(new Plan.NotRemoved(node.name(), String.format(Locale.ROOT, "utilization %.2f >= %s",
              utilization, thresholdText(simNode))));
        } else {
          boolean empty = simNode.pods().stream().noneMatch(pod -> DrainRules.needsToMove(pod) && !rules.expendable(pod));
          candidates.add(new Candidate(node, simNode, utilization, empty));
        }
      }
    }
    candidates.sort(Comparator.comparing((Candidate candidate) -> !candidate.empty())
        .thenComparingDouble(Candidate::utilization).thenComparing(candidate -> candidate.node().name()));

    Map<String, Integer> sizeLeft = new HashMap<>();
    groups.forEach(group -> sizeLeft.put(group.name(), group.desired()));
    int nonEmptyPool = Math.max(MIN_CANDIDATE_POOL, (int) Math.ceil(nodes.size() * CANDIDATE_POOL_RATIO));
    int nonEmptySimulated = 0;
    List<Candidate> unneeded = new ArrayList<>();
    for (Candidate candidate : candidates) {
      String name = candidate.node().name();
      NodeGroup group = groupsByName.get(candidate.node().nodeGroup());
      if (sizeLeft.get(group.name()) <= group.minSize()) {
        notRemoved.add(new Plan.NotRemoved(name, "node group " + group.name() + " at min size " + group.minSize()));
        continue;
      }
      String blocking = blockingReason(rules, candidate.simNode().pods());
      if (blocking != null) {
        notRemoved.add(new Plan.NotRemoved(name, blocking));
        continue;
      }
      if (!candidate.empty() && nonEmptySimulated++ >= nonEmptyPool) {
        notRemoved.add(new Plan.NotRemoved(name, "not simulated this loop: candidate pool of " + nonEmptyPool + " full"));
        continue;
      }
      List<Pod> toMove = candidate.simNode().pods().stream().filter(DrainRules::needsToMove)
          .filter(pod -> !rules.expendable(pod)).sorted(Comparator.comparing(Pod::key)).toList();
      String stuck = moveAway(simulation, candidate.simNode(), toMove);
      if (stuck != null) {
        notRemoved.add(new Plan.NotRemoved(name, stuck));
        continue;
      }
      // Gone for the rest of this decision: no destination, no topology domain.
      simulation.removeNode(candidate.simNode());
      toMove.forEach(rules::consume);
      sizeLeft.merge(group.name(), -1, Integer::sum);
      unneeded.add(candidate);
    }
    return select(unneeded, notRemoved, blockedBecause);
  }

  private ScaleDownResult select(List<Candidate> unneeded, List<Plan.NotRemoved> notRemoved, String blockedBecause) {
    List<Plan.ScaleDown> scaleDown = new ArrayList<>();
    int emptyRemoved = 0;
    int drained = 0;
    for (Candidate candidate : unneeded) {
      String name = candidate.node().name();
      String waits = UnneededTime.notLongEnough(candidate.node(), options);
      if (!options.scaleDownEnabled()) {
        notRemoved.add(new Plan.NotRemoved(name, "unneeded, but scale-down is disabled"));
      } else if (blockedBecause != null) {
        notRemoved.add(new Plan.NotRemoved(name, "unneeded, but " + blockedBecause));
      } else if (waits != null) {
        notRemoved.add(new Plan.NotRemoved(name, waits));
      } else if (candidate.empty() && emptyRemoved < options.maxEmptyBulkDelete()) {
        emptyRemoved++;
        scaleDown.add(new Plan.ScaleDown(name, candidate.node().nodeGroup(), reason(candidate)));
      } else if (!candidate.empty() && drained < options.maxDrainParallelism()) {
        drained++;
        scaleDown.add(new Plan.ScaleDown(name, candidate.node().nodeGroup(), reason(candidate)));
      } else {
        notRemoved.add(new Plan.NotRemoved(name, "unneeded, waits for the next loop (per-loop removal limit)"));
      }
    }
    return new ScaleDownResult(scaleDown, notRemoved, unneeded.stream().map(candidate -> candidate.node().name()).toList());
  }

  private String reason(Candidate candidate) {
    return String.format(Locale.ROOT, "%sutilization %.2f < %s", candidate.empty() ? "empty, " : "",
        candidate.utilization(), thresholdText(candidate.simNode()));
  }

  private static String blockingReason(DrainRules rules, List<Pod> pods) {
    List<Pod> sorted = pods.stream().sorted(Comparator.comparing(Pod::key)).toList();
    for (Pod pod : sorted) {
      String reason = rules.blockingReason(pod);
      if (reason != null) {
        return reason;
      }
    }
    return rules.budgetExceeded(pods);
  }

  /**
   * Moves the node's pods to other nodes in the simulation; on failure undoes the moves and says
   * which pod is stuck. DaemonSet pods stay: they leave with the node.
   */
  private String moveAway(ClusterSimulation simulation, SimNode from, List<Pod> toMove) {
    List<Map.Entry<Pod, SimNode>> moved = new ArrayList<>();
    for (Pod pod : toMove) {
      simulation.unplace(pod, from);
      SimNode target = findTarget(simulation, pod, from);
      if (target == null) {
        simulation.place(pod, from);
        for (int i = moved.size() - 1; i >= 0; i--) {
          Map.Entry<Pod, SimNode> move = moved.get(i);
          simulation.unplace(move.getKey(), move.getValue());
          simulation.place(move.getKey(), from);
        }
        return "pod " + pod.key() + " cannot move: no other node fits";
      }
      simulation.place(pod, target);
      moved.add(Map.entry(pod, target));
    }
    return null;
  }

  /**
   * The first node that takes the pod, searched from where the last pod of its class went: in a
   * busy cluster most nodes are full, and starting from the front every time would rescan them.
   */
  private SimNode findTarget(ClusterSimulation simulation, Pod pod, SimNode from) {
    PodClass podClass = PodClass.of(pod);
    List<SimNode> nodes = simulation.nodes();
    int size = nodes.size();
    int start = Math.min(hints.getOrDefault(podClass, 0), Math.max(0, size - 1));
    for (int step = 0; step < size; step++) {
      int index = (start + step) % size;
      SimNode node = nodes.get(index);
      if (node == from || node.kind() != SimNode.Kind.EXISTING) {
        continue;
      }
      if (simulation.failure(pod, node) == null) {
        hints.put(podClass, index);
        return node;
      }
    }
    return null;
  }
}
