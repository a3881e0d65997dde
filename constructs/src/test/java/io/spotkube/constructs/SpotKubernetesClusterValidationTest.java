package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

class SpotKubernetesClusterValidationTest {

  private final Stack stack = new Stack(new App(), "Test");

  private SpotKubernetesClusterProps.Builder valid() {
    return SpotKubernetesClusterProps.builder()
        .clusterName("spot-kops-cluster")
        .availabilityZones(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"))
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"));
  }

  @Test
  void evenControlPlaneCountIsRejected() {
    assertThatThrownBy(() -> new SpotKubernetesCluster(stack, "C", valid().controlPlaneCount(2).build()))
        .hasMessage("SpotKubernetesCluster Test/C: controlPlaneCount (2) must be odd: etcd keeps quorum with a majority of members");
  }

  @Test
  void clusterNameMustBeADnsName() {
    assertThatThrownBy(() -> new SpotKubernetesCluster(stack, "C", valid().clusterName("Spot_Cluster").build()))
        .hasMessageStartingWith("SpotKubernetesCluster Test/C: clusterName (Spot_Cluster) must be a DNS name");
  }

  @Test
  void runtimeImageIsRequired() {
    assertThatThrownBy(() -> new SpotKubernetesCluster(stack, "C", valid().runtimeImage(null).build()))
        .hasMessage("SpotKubernetesCluster Test/C: runtimeImage is required");
  }

  @Test
  void zonesAreRequiredWithoutAStackRegion() {
    assertThatThrownBy(() -> new SpotKubernetesCluster(stack, "C", valid().availabilityZones(null).build()))
        .hasMessageStartingWith("SpotKubernetesCluster Test/C: availabilityZones is required when the stack has no region");
  }

  @Test
  void fewerZonesThanControlPlaneInstancesIsRejected() {
    assertThatThrownBy(() -> new SpotKubernetesCluster(stack, "C",
        valid().availabilityZones(List.of("eu-west-1a", "eu-west-1b")).build()))
        .hasMessage("SpotKubernetesCluster Test/C: availabilityZones has 2 zones; the control plane needs one per instance (3)");
  }

  @Test
  void unknownControlPlaneTypeIsRejected() {
    assertThatThrownBy(() -> new SpotKubernetesCluster(stack, "C", valid().controlPlaneInstanceType("m5.larg").build()))
        .hasMessageStartingWith("SpotKubernetesCluster Test/C: controlPlaneInstanceType unknown instance type 'm5.larg'");
  }

  @Test
  void aCniPinMustBeASha256AndTheUrlHttps() {
    assertThatThrownBy(() -> new SpotKubernetesCluster(stack, "C", valid().cniManifestSha256("sha256:abc").build()))
        .hasMessage("SpotKubernetesCluster Test/C: cniManifestSha256 (sha256:abc) must be a SHA-256 in 64 lower-case "
            + "hex digits, as sha256sum prints it");
    assertThatThrownBy(() -> new SpotKubernetesCluster(new Stack(new App(), "Test"), "C",
        valid().cniManifestUrl("http://example.com/cni.yaml").build()))
        .hasMessage("SpotKubernetesCluster Test/C: cniManifestUrl (http://example.com/cni.yaml) must be a plain https:// URL");
  }
}
