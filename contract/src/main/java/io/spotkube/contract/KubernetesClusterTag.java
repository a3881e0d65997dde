package io.spotkube.contract;

/**
 * The Kubernetes AWS cloud provider's ownership tag, {@code kubernetes.io/cluster/<cluster>} =
 * {@code owned}, on instances, security groups and the groups launching them; the IAM conditions of
 * the cluster's roles are scoped by it too.
 */
public final class KubernetesClusterTag {

  public static final String PREFIX = "kubernetes.io/cluster/";
  public static final String OWNED = "owned";

  private KubernetesClusterTag() {
  }

  /** {@code kubernetes.io/cluster/<cluster>}. */
  public static String key(String clusterName) {
    return PREFIX + clusterName;
  }
}
