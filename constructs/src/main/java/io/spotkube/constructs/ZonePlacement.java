package io.spotkube.constructs;

/** How a node group's capacity is laid over the availability zones. */
public enum ZonePlacement {
  /**
   * One Auto Scaling group over every subnet: the most Spot capacity pools in one group, which
   * the cluster-autoscaler documentation recommends for workloads without zonal volumes.
   */
  ONE_GROUP_ACROSS_ZONES,
  /**
   * One Auto Scaling group per availability zone, to be balanced with
   * {@code --balance-similar-node-groups}: for workloads with zonal EBS volumes.
   */
  ONE_GROUP_PER_ZONE
}
