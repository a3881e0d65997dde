package io.spotkube.constructs;

import io.spotkube.contract.KopsLabels;
import software.constructs.Construct;

/**
 * On-demand worker nodes, labelled {@code kops.k8s.io/lifecycle=OnDemand}: where the tutorial
 * runs the autoscaler and the termination handler, so that they never sit on capacity they drain.
 * Built like a {@link DiversifiedSpotNodeGroup} (same launch template, tags, templates and
 * lifecycle hook) with all capacity on-demand.
 */
public class OnDemandNodeGroup extends AbstractNodeGroup {

  public OnDemandNodeGroup(Construct scope, String id, OnDemandNodeGroupProps props) {
    super(scope, id, props.toGroupProps(), new Kind("OnDemandNodeGroup", KopsLabels.ON_DEMAND, props.isAutoscalerDiscovery()));
  }
}
