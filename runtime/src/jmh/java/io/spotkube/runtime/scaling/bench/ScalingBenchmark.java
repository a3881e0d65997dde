package io.spotkube.runtime.scaling.bench;

import io.spotkube.runtime.model.Labels;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.model.Toleration;
import io.spotkube.runtime.model.TopologySpreadConstraint;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.ClusterSnapshot;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.NodeTemplate;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.planner.ScalingPlanner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Times one full decision ({@link ScalingPlanner#plan}) on generated clusters: N nodes in 50 node
 * groups with 30 pods each (2 DaemonSet pods, 28 application pods) at 85% cpu, N pending pods for
 * the Spot groups (more than the free space: the decision scales up), PDBs, and one node in ten (all
 * in OnDemand groups) at 10% so scale-down has candidates to simulate. Run by {@code scripts/bench-scaling.sh}; not a
 * test. Arguments: node counts (default 500 1000 2000 5000), {@code --iterations N} (default 7).
 */
public final class ScalingBenchmark {

  private static final int GROUPS = 50;
  private static final int PODS_PER_NODE = 30;
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final String[] ZONES = {"eu-west-1a", "eu-west-1b", "eu-west-1c"};

  private ScalingBenchmark() {
  }

  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    int iterations = 7;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--iterations")) {
        iterations = Integer.parseInt(args[++i]);
      } else {
        sizes.add(Integer.parseInt(args[i]));
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of(500, 1000, 2000, 5000);
    }
    System.out.printf(Locale.ROOT, "%-7s %-7s %-8s %-8s %-9s %-9s %-9s %-9s  %s%n", "nodes", "pods", "pending",
        "groups", "median_ms", "min_ms", "max_ms", "heap_mb", "decision");
    for (int nodes : sizes) {
      run(nodes, iterations);
    }
  }

  private static void run(int nodeCount, int iterations) {
    ClusterSnapshot snapshot = generate(nodeCount, nodeCount, new Random(42));
    // Warm-up: JIT the core on the same input; these runs are not timed.
    for (int i = 0; i < 2; i++) {
      ScalingPlanner.plan(snapshot);
    }
    System.gc();
    resetPeaks();
    long[] millis = new long[iterations];
    Plan plan = null;
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      plan = ScalingPlanner.plan(snapshot);
      millis[i] = (System.nanoTime() - start) / 1_000_000;
    }
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    int newNodes = plan.scaleUp().stream().mapToInt(Plan.ScaleUp::newNodes).sum();
    System.out.printf(Locale.ROOT, "%-7d %-7d %-8d %-8d %-9d %-9d %-9d %-9d  +%d nodes in %d group(s), %d removed, "
            + "%d unneeded, %d unschedulable%n",
        nodeCount, snapshot.pods().size(), nodeCount, GROUPS, sorted[iterations / 2], sorted[0],
        sorted[iterations - 1], peakHeapMib(), newNodes, plan.scaleUp().size(), plan.scaleDown().size(),
        plan.unneeded().size(), plan.unschedulable().size());
  }

  static ClusterSnapshot generate(int nodeCount, int pendingCount, Random random) {
    List<NodeGroup> groups = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      int vcpus = new int[] {2, 4, 8, 16}[g % 4];
      Map<String, String> labels = new HashMap<>();
      labels.put(Labels.ZONE, ZONES[g % 3]);
      labels.put("kops.k8s.io/lifecycle", g % 5 == 0 ? "OnDemand" : "Spot");
      List<Taint> taints = g % 5 == 0 ? List.of() : List.of(new Taint("spot", "true", "NoSchedule"));
      NodeTemplate template = new NodeTemplate(Resources.builder().cpuMillis(vcpus * 1000L)
          .memoryBytes(vcpus * 4 * GIB).ephemeralStorageBytes(100 * GIB).pods(110).build(), labels, taints);
      int perGroup = nodeCount / GROUPS;
      groups.add(new NodeGroup(String.format("group-%02d-%dvcpu", g, vcpus), 0, perGroup * 3, perGroup,
          List.of("m5.large"), 0.02 * vcpus, false, template));
    }
    List<Node> nodes = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    List<Toleration> spotToleration = List.of(new Toleration("spot", "Equal", "true", "NoSchedule"));
    for (int n = 0; n < nodeCount; n++) {
      NodeGroup group = groups.get(n % GROUPS);
      String name = "ip-10-0-" + (n / 250) + "-" + (n % 250) + ".eu-west-1.compute.internal";
      Map<String, String> labels = new HashMap<>(group.template().labels());
      labels.put(Labels.HOSTNAME, name);
      nodes.add(new Node(name, group.name(), group.template().allocatable(), labels, group.template().taints(), true,
          false, n % 10 == 0 ? 900 : 0, null));
      long cpu = group.template().allocatable().cpuMillis();
      double utilization = n % 10 == 0 ? 0.1 : 0.85;
      for (int d = 0; d < 2; d++) {
        pods.add(Pod.builder("kube-system", "ds-" + d + "-" + n).nodeName(name).ownerKind("DaemonSet")
            .requests(Resources.builder().cpuMillis(25).memoryBytes(64 * MIB).build()).tolerations(spotToleration)
            .label("app", "ds-" + d).build());
      }
      int deployment = n % 200;
      long appCpu = (long) (cpu * utilization - 50) / (PODS_PER_NODE - 2);
      for (int p = 0; p < PODS_PER_NODE - 2; p++) {
        pods.add(Pod.builder("apps", "app-" + deployment + "-" + n + "-" + p).nodeName(name)
            .label("app", "app-" + deployment)
            .requests(Resources.builder().cpuMillis(appCpu).memoryBytes(appCpu * 3 * MIB).build())
            .tolerations(spotToleration).build());
      }
    }
    String[] shapes = {"1000m/2048", "2000m/4096", "1500m/3072", "3000m/6144", "500m/1024"};
    for (int i = 0; i < pendingCount; i++) {
      int deployment = i % 50;
      String[] shape = shapes[deployment % shapes.length].split("/");
      Pod.Builder pod = Pod.builder("web", "pending-" + deployment + "-" + i).label("app", "pending-" + deployment)
          .requests(Resources.builder().cpuMillis(Long.parseLong(shape[0].replace("m", "")))
              .memoryBytes(Long.parseLong(shape[1]) * MIB).build())
          .tolerations(spotToleration).priority(deployment % 3)
          // The tutorial's workloads go to Spot; the lightly used nodes are all OnDemand ones.
          .nodeSelector("kops.k8s.io/lifecycle", "Spot");
      if (deployment % 10 == 1) {
        pod.nodeSelector(Labels.ZONE, ZONES[deployment % 3]);
      }
      if (deployment == 7 || deployment == 8) {
        pod.topologySpreadConstraint(new TopologySpreadConstraint(1, Labels.ZONE, "DoNotSchedule",
            Map.of("app", "pending-" + deployment)));
      }
      pods.add(pod.build());
    }
    List<PodDisruptionBudget> budgets = new ArrayList<>();
    for (int d = 0; d < 200; d += 4) {
      budgets.add(new PodDisruptionBudget("apps", "pdb-" + d, Map.of("app", "app-" + d), d % 8 == 0 ? 0 : 5));
    }
    AutoscalingOptions options = AutoscalingOptions.builder().expander("priority,least-waste")
        .priorities(Map.of(10, List.of(".*-8vcpu"), 5, List.of(".*-4vcpu")))
        .balanceSimilarNodeGroups(true).seed(random.nextLong()).build();
    return new ClusterSnapshot(options, groups, nodes, pods, budgets);
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapMib() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }
}
