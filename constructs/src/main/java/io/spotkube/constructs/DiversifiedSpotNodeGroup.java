package io.spotkube.constructs;

import io.spotkube.contract.KopsLabels;
import software.constructs.Construct;

/**
 * A Spot node group as {@code kops toolbox instance-selector} makes it: Auto Scaling groups with
 * a MixedInstancesPolicy over diversified instance types of one shape, ready for
 * cluster-autoscaler (auto-discovery and scale-from-zero tags) and for the termination handler
 * (managed tag, terminating lifecycle hook).
 *
 * <pre>{@code
 * DiversifiedSpotNodeGroup spot = new DiversifiedSpotNodeGroup(this, "spot-group-base-2vcpus-8gb",
 *     DiversifiedSpotNodeGroupProps.builder()
 *         .clusterName("spot-kops-cluster").vpc(vpc).nodeRole(role).securityGroup(nodes)
 *         .baseInstanceType("m5.large").burstSupport(false).denyList("^?[1-3].*\\..*").gpus(0)
 *         .minCapacity(1).maxCapacity(5)
 *         .build());
 * }</pre>
 *
 * <p>Launch templates require IMDSv2 and encrypt a gp3 root volume; instances get no public IP.
 * Nodes are labelled {@code kops.k8s.io/lifecycle=Spot}.
 */
public class DiversifiedSpotNodeGroup extends AbstractNodeGroup {

  public DiversifiedSpotNodeGroup(Construct scope, String id, DiversifiedSpotNodeGroupProps props) {
    super(scope, id, props, new Kind("DiversifiedSpotNodeGroup", KopsLabels.SPOT, true));
  }
}
