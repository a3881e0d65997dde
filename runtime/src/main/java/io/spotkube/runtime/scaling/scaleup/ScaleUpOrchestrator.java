package io.spotkube.runtime.scaling.scaleup;

import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.NodeTemplate;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.estimator.Estimate;
import io.spotkube.runtime.scaling.estimator.Estimator;
import io.spotkube.runtime.scaling.expander.Filter;
import io.spotkube.runtime.scaling.expander.Option;
import io.spotkube.runtime.scaling.nodegroupset.BalancingProcessor;
import io.spotkube.runtime.scaling.nodegroupset.SimilarNodeGroups;
import io.spotkube.runtime.scaling.simulator.ClusterSimulation;
import io.spotkube.runtime.scaling.simulator.PodClass;
import io.spotkube.runtime.scaling.simulator.SimNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Upstream's scale-up orchestrator: for pods that fit no existing or upcoming node, one option per
 * node group (a binpacking estimate on its template, capped by max nodes total and by its max-size
 * headroom, with balancing that of its similar groups added), the expander picks one, balancing
 * spreads its nodes over those similar groups. One group (plus its similar
 * groups) per loop; the other pods wait for the next loop, as upstream.
 */
public final class ScaleUpOrchestrator {

  private final AutoscalingOptions options;
  private final Estimator estimator;
  private final Filter expander;

  public ScaleUpOrchestrator(AutoscalingOptions options, Estimator estimator, Filter expander) {
    this.options = options;
    this.estimator = estimator;
    this.expander = expander;
  }

  /**
   * @param groups         node groups sorted by name
   * @param pending        pods no existing or upcoming node can take
   * @param nodesInCluster existing plus upcoming nodes, for max nodes total
   */
  public ScaleUpResult plan(ClusterSimulation simulation, List<NodeGroup> groups, List<Pod> pending, int nodesInCluster) {
    if (pending.isEmpty()) {
      return new ScaleUpResult(List.of(), List.of());
    }
    Map<PodClass, List<Pod>> classes = new LinkedHashMap<>();
    for (Pod pod : pending) {
      classes.computeIfAbsent(PodClass.of(pod), key -> new ArrayList<>()).add(pod);
    }
    int nodesLeftTotal = options.maxNodesTotal() == 0 ? Integer.MAX_VALUE : options.maxNodesTotal() - nodesInCluster;
    Map<PodClass, Map<String, String>> classReasons = new HashMap<>();
    Map<Pod, Map<String, String>> podReasons = new HashMap<>();
    Map<String, Set<PodClass>> fittingClasses = new HashMap<>();
    // The groups that may grow (upstream's filterValidScaleUpNodeGroups), with the pod classes their
    // empty template takes (upstream's SchedulablePodGroups), before any estimate: similar groups are
    // chosen among them, and their headroom bounds the estimate.
    List<NodeGroup> valid = new ArrayList<>();
    for (NodeGroup group : groups) {
      SimNode probe = SimNode.fromTemplate("probe-" + group.name(), group.name(), SimNode.Kind.TEMPLATE, group.template());
      Set<PodClass> fits = new HashSet<>();
      // As upstream's SchedulablePodGroups, the template node is checked as part of the cluster, so
      // topology spread counts too: a zone-spread class is schedulable only on groups in the zones
      // its skew allows now, and so a group in another zone is not similar for balancing.
      simulation.addNode(probe);
      try {
        classes.forEach((podClass, pods) -> {
          String failure = ClusterSimulation.emptyNodeFailure(pods.get(0), probe);
          if (failure == null) {
            failure = simulation.dynamicFailure(pods.get(0), probe);
          }
          if (failure == null) {
            fits.add(podClass);
          } else {
            classReasons.computeIfAbsent(podClass, key -> new TreeMap<>()).put(group.name(), failure);
          }
        });
      } finally {
        simulation.removeNode(probe);
      }
      fittingClasses.put(group.name(), fits);
      if (fits.isEmpty()) {
        continue;
      }
      String unavailable = unavailable(group, nodesLeftTotal);
      if (unavailable != null) {
        fits.forEach(podClass -> classReasons.computeIfAbsent(podClass, key -> new TreeMap<>()).put(group.name(), unavailable));
        continue;
      }
      valid.add(group);
    }

    List<Option> options = new ArrayList<>();
    Map<String, List<NodeGroup>> similarGroups = new HashMap<>();
    Map<EstimateKey, Estimate> estimates = new HashMap<>();
    for (NodeGroup group : valid) {
      Set<PodClass> fits = fittingClasses.get(group.name());
      List<NodeGroup> similar = this.options.balanceSimilarNodeGroups()
          ? SimilarNodeGroups.forScaleUp(group, valid, fittingClasses) : List.of();
      similarGroups.put(group.name(), similar);
      // Upstream's ComputeExpansionOption passes the similar groups to the estimator, whose
      // sngCapacityThreshold caps it at the combined max-size headroom of the group and its similar
      // groups: balancing spreads the nodes over all of them, so the group's own max is not the limit.
      int headroom = headroom(group) + similar.stream().mapToInt(ScaleUpOrchestrator::headroom).sum();
      int limit = Math.min(headroom, nodesLeftTotal);
      // The similar groups of one zone share the template, the pod classes and (being each other's
      // similar groups) the limit: their estimates are the same, so it is computed once.
      Estimate estimate = estimates.computeIfAbsent(new EstimateKey(group.template(), fits, limit), key -> {
        List<Pod> fitting = new ArrayList<>();
        classes.forEach((podClass, pods) -> {
          if (fits.contains(podClass)) {
            fitting.addAll(pods);
          }
        });
        return estimator.estimate(simulation, group, fitting, limit);
      });
      String capped = similar.isEmpty() ? "max size " + group.maxSize() + " reached"
          : "max size reached in it and its " + similar.size() + " similar group" + (similar.size() == 1 ? "" : "s")
              + " (" + headroom + " new nodes)";
      if (limit == nodesLeftTotal && limit < headroom) {
        capped = "max nodes total " + this.options.maxNodesTotal() + " reached";
      }
      for (Pod pod : estimate.overLimit()) {
        podReasons.computeIfAbsent(pod, key -> new TreeMap<>()).put(group.name(), capped);
      }
      estimate.refused().forEach((pod, reason) ->
          podReasons.computeIfAbsent(pod, key -> new TreeMap<>()).put(group.name(), reason));
      if (estimate.nodeCount() > 0) {
        options.add(new Option(group, estimate.nodeCount(), estimate.scheduled()));
      }
    }

    List<Plan.ScaleUp> scaleUps = new ArrayList<>();
    Set<Pod> helped = new HashSet<>();
    Set<Pod> hadOption = new HashSet<>();
    options.forEach(option -> hadOption.addAll(option.pods()));
    String chosen = null;
    if (!options.isEmpty()) {
      Option best = expander.bestOptions(options).get(0);
      chosen = best.group().name();
      helped.addAll(best.pods());
      List<String> podsHelped = best.pods().stream().map(Pod::key).toList();
      for (Map.Entry<NodeGroup, Integer> target : targets(best, similarGroups.get(best.group().name())).entrySet()) {
        NodeGroup group = target.getKey();
        if (target.getValue() > group.desired()) {
          scaleUps.add(new Plan.ScaleUp(group.name(), group.desired(), target.getValue(),
              target.getValue() - group.desired(), group.maxSize(), podsHelped));
        }
      }
    }

    List<Plan.Unschedulable> unschedulable = new ArrayList<>();
    for (Pod pod : pending) {
      if (helped.contains(pod)) {
        continue;
      }
      if (hadOption.contains(pod)) {
        unschedulable.add(new Plan.Unschedulable(pod.key(),
            "waits for the next loop: node group " + chosen + " was chosen in this one"));
        continue;
      }
      Map<String, String> reasons = new TreeMap<>(classReasons.getOrDefault(PodClass.of(pod), Map.of()));
      reasons.putAll(podReasons.getOrDefault(pod, Map.of()));
      unschedulable.add(new Plan.Unschedulable(pod.key(), describe(reasons, groups.isEmpty())));
    }
    return new ScaleUpResult(scaleUps, unschedulable);
  }

  /**
   * What an estimate depends on besides the simulation (the same for all options): the group enters
   * only through its template (new nodes' names aside).
   */
  private record EstimateKey(NodeTemplate template, Set<PodClass> podClasses, int limit) {
  }

  private String unavailable(NodeGroup group, int nodesLeftTotal) {
    if (group.backedOff()) {
      return "backed off after a failed scale-up";
    }
    if (group.desired() >= group.maxSize()) {
      return "max size " + group.maxSize() + " reached";
    }
    if (nodesLeftTotal <= 0) {
      return "max nodes total " + options.maxNodesTotal() + " reached";
    }
    return null;
  }

  private static int headroom(NodeGroup group) {
    return Math.max(0, group.maxSize() - group.desired());
  }

  /**
   * Target sizes: the best group alone, or with balancing its nodes split over it and the similar
   * groups its estimate counted on (upstream's balanceScaleUps): their combined headroom bounded the
   * estimate, so every node finds a group below its max.
   */
  private Map<NodeGroup, Integer> targets(Option best, List<NodeGroup> similarToBest) {
    Map<NodeGroup, Integer> targets = new LinkedHashMap<>();
    if (!options.balanceSimilarNodeGroups()) {
      targets.put(best.group(), best.group().desired() + best.nodeCount());
      return targets;
    }
    List<NodeGroup> similar = new ArrayList<>();
    similar.add(best.group());
    similar.addAll(similarToBest);
    Map<String, NodeGroup> byName = new HashMap<>();
    similar.forEach(group -> byName.put(group.name(), group));
    List<BalancingProcessor.GroupSize> sizes = similar.stream()
        .map(group -> new BalancingProcessor.GroupSize(group.name(), group.desired(), group.maxSize())).toList();
    BalancingProcessor.balance(sizes, best.nodeCount()).forEach((name, size) -> targets.put(byName.get(name), size));
    return targets;
  }

  private static String describe(Map<String, String> reasons, boolean noGroups) {
    if (noGroups) {
      return "no node groups";
    }
    if (reasons.isEmpty()) {
      return "no node group can fit it";
    }
    boolean onlyMismatches = reasons.values().stream()
        .noneMatch(reason -> reason.startsWith("max ") || reason.startsWith("backed off"));
    if (onlyMismatches) {
      return "no node group can fit: " + String.join(", ", new TreeSet<>(reasons.values()));
    }
    List<String> parts = new ArrayList<>();
    reasons.forEach((group, reason) -> parts.add(group + ": " + reason));
    return "no node group can take it: " + String.join("; ", parts);
  }
}
