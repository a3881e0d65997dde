package io.spotkube.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One EC2 instance type as the bundled catalog describes it.
 *
 * @param name              the API name, e.g. {@code m5.large}
 * @param family            the part before the first dot, e.g. {@code m5}
 * @param generation        the generation digit of the name ({@code 5} for m5), 0 when unknown
 * @param vcpus             default vCPU count
 * @param memoryMib         memory in MiB
 * @param gpus              whole GPUs (fractional-GPU types report 0 here but GPU memory above 0)
 * @param gpuMemoryMib      total GPU memory in MiB, 0 without a GPU
 * @param architectures     supported CPU architectures, e.g. {@code [x86_64]} or {@code [i386, x86_64]}
 * @param burstable         whether the type has burstable CPU credits (t2, t3, t3a, t4g)
 * @param currentGeneration AWS's CurrentGeneration flag (false for m5 and c5 nowadays)
 * @param maxEnis           network interfaces on the default network card
 * @param ipv4PerEni        IPv4 addresses per interface
 * @param maxPodsEni        max pods with the AWS VPC CNI: {@code maxEnis * (ipv4PerEni - 1) + 2}
 * @param onDemandPrices    Linux on-demand USD per hour by region, where the catalog knows it
 */
public record InstanceType(
    String name,
    String family,
    int generation,
    int vcpus,
    long memoryMib,
    int gpus,
    long gpuMemoryMib,
    List<String> architectures,
    boolean burstable,
    boolean currentGeneration,
    int maxEnis,
    int ipv4PerEni,
    int maxPodsEni,
    Map<String, Double> onDemandPrices) {

  public InstanceType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(family, "family");
    architectures = List.copyOf(architectures);
    onDemandPrices = Map.copyOf(onDemandPrices);
    if (vcpus <= 0) {
      throw new IllegalArgumentException("vcpus of " + name + " must be positive, was " + vcpus);
    }
    if (memoryMib <= 0) {
      throw new IllegalArgumentException("memoryMib of " + name + " must be positive, was " + memoryMib);
    }
  }

  /** True for any GPU, fractional GPUs included: a {@code --gpus 0} filter must not let them in. */
  public boolean hasGpu() {
    return gpus > 0 || gpuMemoryMib > 0;
  }

  public boolean supportsArchitecture(String architecture) {
    return architectures.contains(architecture);
  }

  /** The architecture a node of this type boots by default: the 64-bit one where there are two. */
  public String primaryArchitecture() {
    return architectures.get(architectures.size() - 1);
  }

  public Optional<Double> onDemandPrice(String region) {
    return Optional.ofNullable(onDemandPrices.get(region));
  }
}
