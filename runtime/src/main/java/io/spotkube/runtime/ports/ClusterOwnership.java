package io.spotkube.runtime.ports;

import io.spotkube.contract.ClusterIdTag;
import io.spotkube.contract.KubernetesClusterTag;
import java.util.Map;
import java.util.Objects;

/**
 * Which EC2 instances and Auto Scaling groups are this cluster's: tagged
 * {@code kubernetes.io/cluster/<name>=owned} and, when the runtime was given its cluster id,
 * {@code spotkube.io/cluster-id=<id>} too. The name alone is not unique: two stacks may deploy
 * clusters of the same (default) name into one account; the id is unique per stack.
 *
 * @param clusterId null when not configured (then the name's tag alone decides)
 */
public record ClusterOwnership(String clusterName, String clusterId) {

  public ClusterOwnership {
    Objects.requireNonNull(clusterName, "clusterName");
    if (clusterId != null && clusterId.isBlank()) {
      clusterId = null;
    }
  }

  public boolean owns(Map<String, String> tags) {
    return KubernetesClusterTag.OWNED.equals(tags.get(KubernetesClusterTag.key(clusterName)))
        && (clusterId == null || clusterId.equals(tags.get(ClusterIdTag.KEY)));
  }

  /** The tags an owned resource carries, for messages. */
  public String describe() {
    return KubernetesClusterTag.key(clusterName) + "=" + KubernetesClusterTag.OWNED
        + (clusterId == null ? "" : " and " + ClusterIdTag.KEY + "=" + clusterId);
  }
}
