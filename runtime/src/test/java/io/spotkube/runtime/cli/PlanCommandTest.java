package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code plan} command's contract: input shape, output fields, bad input. */
class PlanCommandTest {

  /** The snapshot of cli-contracts.md section 1, verbatim. */
  static final String CONTRACT_EXAMPLE = """
      {
        "options": {
          "expander": "least-waste",
          "priorities": {"10": [".*spot.*"], "50": [".*ondemand.*"]},
          "balanceSimilarNodeGroups": false,
          "maxNodesTotal": 0,
          "scaleDownEnabled": true,
          "scaleDownUtilizationThreshold": 0.5,
          "scaleDownUnneededTimeSeconds": 600,
          "secondsSinceLastScaleUp": 3600,
          "skipNodesWithSystemPods": true,
          "skipNodesWithLocalStorage": true,
          "seed": 1
        },
        "nodeGroups": [
          {
            "name": "spot-group-base-2vcpus-8gb",
            "minSize": 1, "maxSize": 5, "desired": 1,
            "instanceTypes": ["m5.large", "m5a.large"],
            "pricePerHour": 0.035,
            "backedOff": false,
            "template": {
              "allocatable": {"cpu": "2", "memory": "8Gi", "pods": 110},
              "labels": {"kops.k8s.io/lifecycle": "Spot"},
              "taints": [{"key": "spot", "value": "true", "effect": "NoSchedule"}]
            }
          }
        ],
        "nodes": [
          {
            "name": "ip-10-0-1-10.eu-west-1.compute.internal",
            "nodeGroup": "spot-group-base-2vcpus-8gb",
            "allocatable": {"cpu": "2", "memory": "8Gi", "pods": 110},
            "labels": {}, "taints": [], "ready": true,
            "unneededForSeconds": 0
          }
        ],
        "pods": [
          {
            "namespace": "default", "name": "nginx-app-1", "labels": {"app": "nginx"},
            "nodeName": null,
            "requests": {"cpu": "500m", "memory": "512Mi"},
            "nodeSelector": {}, "tolerations": [],
            "requiredNodeAffinity": [{"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64"]}],
            "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname",
              "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"app": "nginx"}}],
            "hostPorts": [],
            "ownerKind": "ReplicaSet",
            "annotations": {},
            "priority": 0,
            "localStorage": false
          }
        ],
        "podDisruptionBudgets": [
          {"namespace": "default", "selector": {"app": "nginx"}, "disruptionsAllowed": 1}
        ]
      }
      """;

  @TempDir
  Path dir;

  private Path file(String content) throws IOException {
    Path file = dir.resolve("snapshot.json");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void theContractExampleRunsAndPrintsEveryPlanField() throws IOException {
    CliRun run = CliRun.of("plan", "--snapshot", file(CONTRACT_EXAMPLE).toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode plan = SnapshotJson.MAPPER.readTree(run.stdout());
    assertThat(plan.fieldNames()).toIterable().contains("scaleUp", "scaleDown", "unschedulable", "notRemoved");
    // The pod neither tolerates the spot taint nor finds kubernetes.io/arch on the template.
    assertThat(plan.at("/unschedulable/0/pod").asText()).isEqualTo("default/nginx-app-1");
    assertThat(plan.at("/unschedulable/0/reason").asText()).startsWith("no node group can fit: ");
    assertThat(plan.at("/notRemoved/0/node").asText()).isEqualTo("ip-10-0-1-10.eu-west-1.compute.internal");
  }

  @Test
  void theSameSnapshotGivesTheSameBytes() throws IOException {
    Path file = file(CONTRACT_EXAMPLE.replace("least-waste", "random"));

    CliRun first = CliRun.of("plan", "--snapshot", file.toString());
    CliRun second = CliRun.of("plan", "--snapshot", file.toString());

    assertThat(second.stdout()).isEqualTo(first.stdout());
  }

  @Test
  void fieldsAddedByANewerProducerAreIgnored() throws IOException {
    Path withExtra = file(CONTRACT_EXAMPLE.replace("\"minSize\": 1", "\"capacityType\": \"spot\", \"minSize\": 1"));

    CliRun run = CliRun.of("plan", "--snapshot", withExtra.toString());
    CliRun plain = CliRun.of("plan", "--snapshot", file(CONTRACT_EXAMPLE).toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).isEqualTo(plain.stdout());
  }

  @Test
  void anEmptySnapshotTakesEveryDefault() throws IOException {
    CliRun run = CliRun.of("plan", "--snapshot", file("{}").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(SnapshotJson.MAPPER.readTree(run.stdout()).get("scaleUp")).isEmpty();
  }

  static Stream<Arguments> badSnapshots() {
    return Stream.of(
        Arguments.of("{\"nodes\": [", "invalid JSON"),
        Arguments.of("[]", ": expected an object"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"minSize\": 1", "\"minSize\": \"one\""),
            "nodeGroups[0].minSize: expected a whole number, got string \"one\""),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"minSize\": 1", "\"minSize\": -1"),
            "nodeGroups[0].minSize: must not be negative, was -1"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"minSize\": 1", "\"minSize\": 6"),
            "nodeGroups[0].minSize: minSize (6) should be <= maxSize (5)"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"cpu\": \"500m\"", "\"cpu\": \"-500m\""),
            "pods[0].requests.cpu: '-500m' is negative"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"cpu\": \"500m\"", "\"cpu\": \"lots\""),
            "pods[0].requests.cpu: 'lots' is not a quantity"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"cpu\": \"500m\"", "\"cpu\": true"),
            "pods[0].requests.cpu: expected a quantity"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"unneededForSeconds\": 0", "\"unneededForSeconds\": -5"),
            "nodes[0].unneededForSeconds: must not be negative"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"ready\": true", "\"ready\": \"yes\""),
            "nodes[0].ready: expected true or false"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"ownerKind\": \"ReplicaSet\"", "\"ownerKind\": \"Deployment\""),
            "pods[0].ownerKind: must be ReplicaSet"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"disruptionsAllowed\": 1", "\"disruptionsAllowed\": -1"),
            "podDisruptionBudgets[0].disruptionsAllowed: must not be negative"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"minSize\": 1", "\"minsize\": 1"),
            "nodeGroups[0].minsize: unknown field"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"operator\": \"In\"", "\"operator\": \"Within\""),
            "pods[0].requiredNodeAffinity[0]: operator must be one of"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"expander\": \"least-waste\"", "\"expander\": \"priority,cheapest\""),
            "options.expander: unknown expander: cheapest"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\".*spot.*\"", "\"(spot\""),
            "options.priorities.10: '(spot' is not a valid regex"),
        Arguments.of(CONTRACT_EXAMPLE.replace("\"scaleDownUtilizationThreshold\": 0.5", "\"scaleDownUtilizationThreshold\": 1.5"),
            "options.scaleDownUtilizationThreshold: must be between 0 and 1"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badSnapshots")
  void badInputExitsTwoWithOneLineNamingTheField(String snapshot, String message) throws IOException {
    CliRun run = CliRun.of("plan", "--snapshot", file(snapshot).toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().lines()).hasSize(1);
    assertThat(run.stderr()).startsWith("plan: ").contains("snapshot.json").contains(message);
  }

  @Test
  void aMissingFileExitsTwoNamingTheFile() {
    CliRun run = CliRun.of("plan", "--snapshot", dir.resolve("absent.json").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr().lines()).hasSize(1);
    assertThat(run.stderr()).contains("--snapshot: cannot read").contains("absent.json: no such file");
  }

  @Test
  void theSnapshotFlagIsRequired() {
    CliRun run = CliRun.of("plan");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--snapshot is required");
  }
}
