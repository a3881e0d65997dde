package io.spotkube.runtime.identity;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.text.SafeText;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each node the labels of its group's node-template label tags
 * ({@code k8s.io/cluster-autoscaler/node-template/label/<key>}), as kops-controller does and as the
 * kubeadm control plane's add-on timer does: labels the kubelet may not set on itself
 * ({@code kops.k8s.io/lifecycle}, {@code node-role.kubernetes.io/...}). Only nodes EC2 vouches for
 * ({@link NodeIdentity}) are labelled, and only from the group their verified instance is in: a node
 * cannot label itself into another group by claiming one of its instances. Runs on the leader, each
 * autoscaler iteration; a node whose labels are already there costs nothing.
 */
public final class NodeLabeller {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLabeller.class);

  private final ClusterWriter writer;
  private final IdentityMetrics metrics;

  public NodeLabeller(ClusterWriter writer, IdentityMetrics metrics) {
    this.writer = writer;
    this.metrics = metrics;
  }

  /** @param verdicts by node name; a node without a verified verdict is left alone */
  public void label(List<DiscoveredNodeGroup> groups, List<Node> nodes, Map<String, IdentityVerdict> verdicts) {
    Map<String, DiscoveredNodeGroup> groupOfInstance = new HashMap<>();
    groups.forEach(group -> group.instanceIds().forEach(id -> groupOfInstance.put(id, group)));
    for (Node node : nodes) {
      DiscoveredNodeGroup group = node.instanceId().map(groupOfInstance::get).orElse(null);
      if (group == null || group.tagLabels().isEmpty()) {
        continue;
      }
      Map<String, String> missing = new TreeMap<>();
      group.tagLabels().forEach((key, value) -> {
        if (!value.equals(node.labels().get(key))) {
          missing.put(key, value);
        }
      });
      if (missing.isEmpty()) {
        continue;
      }
      IdentityVerdict verdict = verdicts.get(node.name());
      if (verdict == null || !verdict.verified()) {
        if (verdict != null && verdict.status() == IdentityVerdict.Status.REFUSED) {
          metrics.refusedActions.inc("label");
        }
        continue;
      }
      try {
        writer.label(node.name(), missing);
        metrics.labelled.inc();
        LOG.info("labelled node {} from group {}: {}", node.name(), group.name(), SafeText.escape(missing.toString()));
      } catch (RuntimeException labelFailure) {
        // One node's failure must not stop the others; the next iteration tries again.
        LOG.warn("labelling node {}: {}", node.name(), SafeText.escape(String.valueOf(labelFailure.getMessage())));
      }
    }
  }
}
