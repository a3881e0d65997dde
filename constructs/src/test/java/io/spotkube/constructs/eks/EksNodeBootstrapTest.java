package io.spotkube.constructs.eks;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.catalog.InstanceTypeCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Max pods on EKS: the VPC CNI's formula per instance type, the smallest of the group. */
class EksNodeBootstrapTest {

  private final EksNodeBootstrap bootstrap = new EksNodeBootstrap("c", "https://endpoint", "ca", "172.20.0.0/16", "1.33");
  private final InstanceTypeCatalog catalog = InstanceTypeCatalog.bundled();

  @Test
  void m5LargeRuns29PodsNot110() {
    assertThat(bootstrap.maxPods(List.of(catalog.find("m5.large").orElseThrow()), 110)).isEqualTo(29);
  }

  @Test
  void aGroupRunsWhatItsSmallestTypeAllows() {
    assertThat(bootstrap.maxPods(List.of(catalog.find("m5.large").orElseThrow(), catalog.find("m4.large").orElseThrow()), 110)).isEqualTo(20);
  }

  @Test
  void aLowerRequestedLimitWins() {
    assertThat(bootstrap.maxPods(List.of(catalog.find("m5.large").orElseThrow()), 10)).isEqualTo(10);
  }

  @Test
  void theAmiIsTheAl2023EksOneForTheVersionAndArchitecture() {
    assertThat(EksNodeBootstrap.amiParameterName("1.33", "arm64"))
        .isEqualTo("/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/arm64/standard/recommended/image_id");
  }
}
