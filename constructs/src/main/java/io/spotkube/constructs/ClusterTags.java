package io.spotkube.constructs;

/** The tag keys other components read: cluster-autoscaler, the termination handler, the cloud provider. */
public final class ClusterTags {

  /** cluster-autoscaler auto-discovery: the group takes part in autoscaling. */
  public static final String AUTOSCALER_ENABLED = "k8s.io/cluster-autoscaler/enabled";
  /** Prefix of the scale-from-zero template tags: {@code .../label/<k>}, {@code .../taint/<k>}, {@code .../resources/<r>}. */
  public static final String NODE_TEMPLATE_PREFIX = "k8s.io/cluster-autoscaler/node-template/";
  /** The termination handler's default managed tag ({@code managedASGTag}). */
  public static final String TERMINATION_HANDLER_MANAGED = "aws-node-termination-handler/managed";
  /** The kOps label that tells Spot from on-demand nodes. */
  public static final String LIFECYCLE_LABEL = "kops.k8s.io/lifecycle";
  /** The kOps label naming a node's instance group. */
  public static final String INSTANCE_GROUP_LABEL = "kops.k8s.io/instancegroup";

  private ClusterTags() {
  }

  /** cluster-autoscaler auto-discovery: the group belongs to this cluster (value {@code owned}). */
  public static String autoscalerClusterKey(String clusterName) {
    return "k8s.io/cluster-autoscaler/" + clusterName;
  }

  /** The Kubernetes AWS cloud provider's ownership tag on instances. */
  public static String kubernetesClusterKey(String clusterName) {
    return "kubernetes.io/cluster/" + clusterName;
  }
}
