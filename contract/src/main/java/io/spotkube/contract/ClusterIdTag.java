package io.spotkube.contract;

/**
 * The cluster's per-stack identity, {@code spotkube.io/cluster-id} = the CloudFormation stack id,
 * on every node group (propagated to its instances). {@link KubernetesClusterTag} keys on the
 * cluster name, which two stacks in one account may share (it has a default); the runtime, given
 * the same id ({@code --cluster-id}), acts only on groups and instances carrying it.
 */
public final class ClusterIdTag {

  public static final String KEY = "spotkube.io/cluster-id";

  private ClusterIdTag() {
  }
}
