package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods bound to zonal PersistentVolumes through {@code plan}: simulated only on groups of that zone. */
class PlanVolumeZoneTest {

  @TempDir
  Path dir;

  /** Zone a labelled the well-known way, zone b only with the EBS CSI driver's key; priority prefers a. */
  private static SnapshotJson twoZonesPreferringA() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.options.put("expander", "priority");
    snapshot.options.putObject("priorities").putArray("10").add("zone-a");
    snapshot.group("ng-zone-a", 0, 10, 0, "2", "8Gi", 110).with("template").with("labels")
        .put("topology.kubernetes.io/zone", "eu-west-1a");
    snapshot.group("ng-zone-b", 0, 10, 0, "2", "8Gi", 110).with("template").with("labels")
        .put("topology.ebs.csi.aws.com/zone", "eu-west-1b");
    return snapshot;
  }

  @Test
  void aPodWithAVolumeInZoneBScalesTheGroupOfZoneB() {
    SnapshotJson snapshot = twoZonesPreferringA();
    snapshot.pod("default", "db-0", "500m", "1Gi").putArray("volumeZones").add("eu-west-1b");

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("ng-zone-b");
  }

  @Test
  void aPodWithoutVolumesFollowsTheExpander() {
    SnapshotJson snapshot = twoZonesPreferringA();
    snapshot.pod("default", "web-0", "500m", "1Gi");

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("ng-zone-a");
  }

  @Test
  void aVolumeInAZoneNoGroupServesLeavesThePodUnschedulableSayingWhy() {
    SnapshotJson snapshot = twoZonesPreferringA();
    snapshot.pod("default", "db-0", "500m", "1Gi").putArray("volumeZones").add("eu-west-1c");

    JsonNode plan = snapshot.plan(dir);

    assertThat(plan.get("scaleUp")).isEmpty();
    assertThat(plan.at("/unschedulable/0/reason").asText()).isEqualTo("no node group can fit: volume zone (eu-west-1c)");
  }
}
