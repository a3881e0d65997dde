package io.spotkube.runtime.scaling.scaledown;

import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import java.util.List;
import java.util.Map;

/**
 * Upstream's drainability rules: which pods keep their node from being removed. DaemonSet pods are
 * left alone (their controller runs one per node anyway); {@code safe-to-evict: "true"} lifts the
 * bare-pod, kube-system and local-storage rules but never a PodDisruptionBudget.
 */
public final class DrainRules {

  private final AutoscalingOptions options;
  private final List<PodDisruptionBudget> budgets;

  /** @param remainingDisruptions per PDB, decremented by the planner as it commits removals */
  private final Map<PodDisruptionBudget, Integer> remainingDisruptions;

  public DrainRules(AutoscalingOptions options, List<PodDisruptionBudget> budgets,
      Map<PodDisruptionBudget, Integer> remainingDisruptions) {
    this.options = options;
    this.budgets = List.copyOf(budgets);
    this.remainingDisruptions = remainingDisruptions;
  }

  /** Whether the pod must be rescheduled elsewhere when its node goes (DaemonSet pods leave with it). */
  public static boolean needsToMove(Pod pod) {
    return !pod.runsPerNode();
  }

  /** Expendable pods (priority below the cutoff) may simply be dropped with their node, as upstream. */
  public boolean expendable(Pod pod) {
    return pod.priority() < options.expendablePodsPriorityCutoff();
  }

  /** Why the pod blocks removal of its node, or null when it may be evicted. */
  public String blockingReason(Pod pod) {
    if (pod.runsPerNode() || expendable(pod)) {
      return null;
    }
    String safeToEvict = pod.annotations().get(Pod.SAFE_TO_EVICT);
    if ("false".equals(safeToEvict)) {
      return "pod " + pod.key() + " has annotation " + Pod.SAFE_TO_EVICT + "=false";
    }
    boolean markedSafe = "true".equals(safeToEvict);
    if (!markedSafe) {
      if (pod.ownerKind() == null) {
        return "pod " + pod.key() + " is not replicated (bare pod)";
      }
      if (options.skipNodesWithSystemPods() && pod.namespace().equals("kube-system") && coveringBudgets(pod) == 0) {
        return "pod " + pod.key() + " has no PDB";
      }
      if (options.skipNodesWithLocalStorage() && pod.localStorage()) {
        return "pod " + pod.key() + " has local storage";
      }
    }
    for (PodDisruptionBudget budget : budgets) {
      if (budget.covers(pod) && remainingDisruptions.getOrDefault(budget, budget.disruptionsAllowed()) < 1) {
        return "pod " + pod.key() + ": " + budget.describe() + " allows no disruption";
      }
    }
    return null;
  }

  /**
   * Why removing a node with these pods would exceed a budget (two pods of one PDB that allows one
   * disruption), or null.
   */
  public String budgetExceeded(List<Pod> pods) {
    for (PodDisruptionBudget budget : budgets) {
      long covered = pods.stream().filter(pod -> !pod.runsPerNode() && budget.covers(pod)).count();
      int left = remainingDisruptions.getOrDefault(budget, budget.disruptionsAllowed());
      if (covered > left) {
        return budget.describe() + " allows " + left + " disruption(s), the node has " + covered + " of its pods";
      }
    }
    return null;
  }

  /** Consumes one disruption of every budget covering the pod (its node is being removed). */
  public void consume(Pod pod) {
    for (PodDisruptionBudget budget : budgets) {
      if (budget.covers(pod)) {
        remainingDisruptions.merge(budget, budget.disruptionsAllowed() - 1, (left, ignored) -> left - 1);
      }
    }
  }

  private int coveringBudgets(Pod pod) {
    int count = 0;
    for (PodDisruptionBudget budget : budgets) {
      if (budget.covers(pod)) {
        count++;
      }
    }
    return count;
  }
}
