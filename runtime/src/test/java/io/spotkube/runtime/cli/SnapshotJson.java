package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@code plan} snapshot file in tests and runs the command on it. */
final class SnapshotJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  final ObjectNode root = MAPPER.createObjectNode();
  final ObjectNode options = root.putObject("options");
  final ArrayNode nodeGroups = root.putArray("nodeGroups");
  final ArrayNode nodes = root.putArray("nodes");
  final ArrayNode pods = root.putArray("pods");
  final ArrayNode budgets = root.putArray("podDisruptionBudgets");

  ObjectNode group(String name, int min, int max, int desired, String cpu, String memory, int podCapacity) {
    ObjectNode group = nodeGroups.addObject().put("name", name).put("minSize", min).put("maxSize", max)
        .put("desired", desired);
    ObjectNode template = group.putObject("template");
    template.putObject("allocatable").put("cpu", cpu).put("memory", memory).put("pods", podCapacity);
    template.putObject("labels");
    template.putArray("taints");
    return group;
  }

  ObjectNode node(String name, String group, String cpu, String memory, int podCapacity) {
    ObjectNode node = nodes.addObject().put("name", name);
    if (group == null) {
      node.putNull("nodeGroup");
    } else {
      node.put("nodeGroup", group);
    }
    node.putObject("allocatable").put("cpu", cpu).put("memory", memory).put("pods", podCapacity);
    node.putObject("labels");
    return node;
  }

  /** A ReplicaSet pod, pending unless {@code nodeName} is given. */
  ObjectNode pod(String namespace, String name, String cpu, String memory) {
    ObjectNode pod = pods.addObject().put("namespace", namespace).put("name", name).put("ownerKind", "ReplicaSet");
    pod.putNull("nodeName");
    ObjectNode requests = pod.putObject("requests");
    if (cpu != null) {
      requests.put("cpu", cpu);
    }
    if (memory != null) {
      requests.put("memory", memory);
    }
    return pod;
  }

  List<ObjectNode> pods(String prefix, int count, String cpu, String memory) {
    List<ObjectNode> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      created.add(pod("default", String.format("%s-%02d", prefix, i), cpu, memory));
    }
    return created;
  }

  ObjectNode budget(String namespace, String name, String appLabel, int disruptionsAllowed) {
    ObjectNode budget = budgets.addObject().put("namespace", namespace).put("name", name)
        .put("disruptionsAllowed", disruptionsAllowed);
    budget.putObject("selector").put("app", appLabel);
    return budget;
  }

  Path write(Path dir) {
    try {
      Path file = Files.createTempFile(dir, "snapshot", ".json");
      Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code plan} on this snapshot, expects success, returns the parsed plan. */
  JsonNode plan(Path dir) {
    CliRun run = CliRun.of("plan", "--snapshot", write(dir).toString());
    assertThat(run.exitCode()).as("plan exit code; stderr: %s", run.stderr()).isZero();
    try {
      return MAPPER.readTree(run.stdout());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(element -> values.add(element.get(field).asText()));
    return values;
  }
}
