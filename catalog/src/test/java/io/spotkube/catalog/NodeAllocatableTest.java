package io.spotkube.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeAllocatableTest {

  @ParameterizedTest
  @CsvSource({"1, 60", "2, 70", "4, 80", "8, 90", "16, 110"})
  void kubeReservedCpuFollowsTheEksFormula(int vcpus, long millis) {
    assertThat(NodeAllocatable.kubeReservedCpuMillis(vcpus)).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource({"110, 1465", "29, 574"})
  void kubeReservedMemoryFollowsTheEksFormula(int pods, long mib) {
    assertThat(NodeAllocatable.kubeReservedMemoryMib(pods)).isEqualTo(mib);
  }

  @org.junit.jupiter.api.Test
  void m5LargeWith110PodsLeavesLessThanItsNominalSize() {
    NodeAllocatable allocatable = NodeAllocatable.of(InstanceTypeCatalog.bundled().get("m5.large"), 110);

    // 8192 * 0.95 = 7782 MiB capacity, minus 1465 kube-reserved, minus 100 eviction
    assertThat(allocatable.memoryMib()).isEqualTo(6217);
    assertThat(allocatable.cpuMillis()).isEqualTo(1930);
    assertThat(allocatable.pods()).isEqualTo(110);
  }
}
