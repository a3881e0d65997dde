package io.spotkube.constructs.manifests;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code priorities} document of cluster-autoscaler's priority expander ConfigMap:
 * priority (higher wins) -> list of node group name regexes, as upstream reads it.
 */
final class PriorityExpanderConfig {

    private PriorityExpanderConfig() {
    }

    static String render(Map<Integer, List<String>> priorities) {
        StringBuilder yaml = new StringBuilder();
        new TreeMap<>(priorities).forEach((priority, regexes) -> {
            yaml.append(priority).append(":\n");
            // Single-quoted YAML scalars: backslashes stay literal, a quote is doubled.
            regexes.forEach(regex -> yaml.append("  - '").append(regex.replace("'", "''")).append("'\n"));
        });
        return yaml.toString();
    }
}
