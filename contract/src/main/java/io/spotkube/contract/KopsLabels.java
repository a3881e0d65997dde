package io.spotkube.contract;

/**
 * The kOps node labels the node groups carry (and their node-template tags describe): the
 * lifecycle that tells Spot from on-demand nodes, and the instance group a node belongs to.
 */
public final class KopsLabels {

  public static final String LIFECYCLE = "kops.k8s.io/lifecycle";
  public static final String INSTANCE_GROUP = "kops.k8s.io/instancegroup";
  /** {@link #LIFECYCLE} of Spot nodes. */
  public static final String SPOT = "Spot";
  /** {@link #LIFECYCLE} of on-demand nodes, where the runtime itself is scheduled. */
  public static final String ON_DEMAND = "OnDemand";

  private KopsLabels() {
  }
}
