package io.spotkube.runtime.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.testing.KubernetesTestServer;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cache fills a pod's volume zones from its claims' bound PersistentVolumes (fabric8 mock server, CRUD). */
class VolumeZonesCacheTest {

  private static void volume(KubernetesClient client, String name, String zoneKey, String zone) {
    client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("10Gi"))
        .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression().withKey(zoneKey)
        .withOperator("In").withValues(zone).endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
        .endSpec().build()).create();
  }

  private static void claim(KubernetesClient client, String name, String volumeName) {
    client.persistentVolumeClaims().inNamespace("default").resource(new PersistentVolumeClaimBuilder().withNewMetadata()
        .withName(name).withNamespace("default").endMetadata().withNewSpec().withVolumeName(volumeName).endSpec().build())
        .create();
  }

  private static void podWithClaim(KubernetesClient client, String name, String claim) {
    client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
        .endMetadata().withNewSpec().addNewContainer().withName("db").endContainer()
        .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim()
        .endVolume().endSpec().build()).create();
  }

  @Test
  void aPodsBoundZonalVolumesGiveItsZonesAndUnboundClaimsNone() {
    try (KubernetesTestServer server = KubernetesTestServer.start()) {
      KubernetesClient client = server.client();
      volume(client, "pv-ebs", "topology.ebs.csi.aws.com/zone", "eu-west-1b");
      volume(client, "pv-zone", "topology.kubernetes.io/zone", "eu-west-1c");
      claim(client, "data-db-0", "pv-ebs");
      claim(client, "data-db-1", "pv-zone");
      claim(client, "data-pending", null);
      podWithClaim(client, "db-0", "data-db-0");
      podWithClaim(client, "db-1", "data-db-1");
      podWithClaim(client, "waits", "data-pending");

      try (ClusterCache cache = ClusterCache.start(client, 10)) {
        Map<String, Pod> pods = cache.pods().stream().collect(Collectors.toMap(Pod::name, pod -> pod));

        assertThat(pods.get("db-0").volumeZones()).containsExactly("eu-west-1b");
        assertThat(pods.get("db-1").volumeZones()).containsExactly("eu-west-1c");
        assertThat(pods.get("waits").volumeZones()).isEmpty();
      }
    }
  }
}
