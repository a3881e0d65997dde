package io.spotkube.contract;

/**
 * The tags EKS writes on the Auto Scaling group of a managed node group and propagates to its
 * instances. The autoscaler reads the group's labels and taints from {@code eks:DescribeNodegroup}
 * with them; the interruption handler leaves rebalance recommendations of such instances to EKS.
 */
public final class EksManagedNodeGroupTags {

  /** The managed node group's name. */
  public static final String NODEGROUP_NAME = "eks:nodegroup-name";
  /** The EKS cluster's name. */
  public static final String CLUSTER_NAME = "eks:cluster-name";

  private EksManagedNodeGroupTags() {
  }
}
