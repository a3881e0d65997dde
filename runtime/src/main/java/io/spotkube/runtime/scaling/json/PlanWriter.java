package io.spotkube.runtime.scaling.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spotkube.runtime.scaling.Plan;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a {@link Plan} as the {@code plan} command's JSON (cli-contracts.md section 1). */
public final class PlanWriter {

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanWriter() {
  }

  public static String write(Plan plan) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scaleUp", plan.scaleUp().stream().map(up -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("nodeGroup", up.nodeGroup());
      entry.put("from", up.from());
      entry.put("to", up.to());
      entry.put("newNodes", up.newNodes());
      entry.put("maxSize", up.maxSize());
      entry.put("description", up.describe());
      entry.put("podsHelped", up.podsHelped());
      return entry;
    }).toList());
    root.put("scaleDown", plan.scaleDown().stream().map(down -> entry("node", down.node(), "nodeGroup",
        down.nodeGroup(), "reason", down.reason())).toList());
    root.put("unschedulable", plan.unschedulable().stream().map(pod -> entry("pod", pod.pod(), "reason", pod.reason()))
        .toList());
    root.put("notRemoved", plan.notRemoved().stream().map(node -> entry("node", node.node(), "reason", node.reason()))
        .toList());
    root.put("unneeded", plan.unneeded());
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("writing the plan", e);
    }
  }

  private static Map<String, Object> entry(String... keysAndValues) {
    Map<String, Object> entry = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      entry.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return entry;
  }

}
