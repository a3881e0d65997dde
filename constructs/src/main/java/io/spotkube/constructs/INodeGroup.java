package io.spotkube.constructs;

import io.spotkube.contract.TemplateNode;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.constructs.IConstruct;

/** A group of worker nodes: Spot ({@link DiversifiedSpotNodeGroup}) or on-demand ({@link OnDemandNodeGroup}). */
public interface INodeGroup extends IConstruct {

  /** The kOps-style instance group name, also the {@code kops.k8s.io/instancegroup} label. */
  String getNodeGroupName();

  /** The instance types in the group's MixedInstancesPolicy, in override order. */
  List<String> getInstanceTypes();

  /** Every node label of the group, the ones only a controller may set included. */
  Map<String, String> getLabels();

  List<NodeTaint> getTaints();

  /** The node the autoscaler simulates for the group before one exists (its node-template tags). */
  TemplateNode getTemplateNode();

  /** One group, or one per availability zone. */
  List<AutoScalingGroup> getAutoScalingGroups();
}
