package io.spotkube.catalog;

/**
 * A conservative estimate of what a Kubernetes node of a given instance type offers to pods,
 * used for cluster-autoscaler node-template tags (scale from zero) and the runtime's templates.
 *
 * <p>Reservations follow the EKS AMI's published formulas, which the node groups of this library
 * pass to their kubelets ({@code --kube-reserved}, {@code --max-pods}); on top of that 5% of the
 * memory is assumed lost to the kernel and hypervisor (a kubelet reports MemTotal, not the
 * type's nominal size) and 100 MiB to the kubelet's hard eviction threshold. Underestimating
 * is the safe side: a pod that fits the template then fits the node that is launched.
 *
 * @param cpuMillis   CPU for pods, in millicores
 * @param memoryMib   memory for pods, in MiB
 * @param pods        the pod limit
 */
public record NodeAllocatable(long cpuMillis, long memoryMib, int pods) {

  /** Memory the hard eviction threshold keeps free ({@code memory.available<100Mi}). */
  public static final long EVICTION_HARD_MIB = 100;
  /** Share of nominal memory that does not show up as node capacity. */
  public static final double KERNEL_MEMORY_OVERHEAD = 0.05;

  public static NodeAllocatable of(InstanceType type, int maxPods) {
    long capacityMib = (long) Math.floor(type.memoryMib() * (1 - KERNEL_MEMORY_OVERHEAD));
    long memory = capacityMib - kubeReservedMemoryMib(maxPods) - EVICTION_HARD_MIB;
    long cpu = type.vcpus() * 1000L - kubeReservedCpuMillis(type.vcpus());
    return new NodeAllocatable(cpu, Math.max(0, memory), maxPods);
  }

  /** EKS AMI: 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% of the rest. */
  public static long kubeReservedCpuMillis(int vcpus) {
    double reserved = 0;
    for (int core = 1; core <= vcpus; core++) {
      reserved += core == 1 ? 60 : core == 2 ? 10 : core <= 4 ? 5 : 2.5;
    }
    return (long) Math.ceil(reserved);
  }

  /** EKS AMI: 255 MiB plus 11 MiB per pod the node may run. */
  public static long kubeReservedMemoryMib(int maxPods) {
    return 255 + 11L * maxPods;
  }
}
