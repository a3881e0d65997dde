package io.spotkube.runtime.identity;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.InstanceInfo;

/**
 * The rule, pure: a node is who it says only when the instance its {@code providerID} names exists,
 * runs, is this cluster's ({@link ClusterOwnership}), and EC2 gives that instance the node's name as
 * its private DNS name and the node's InternalIP as its private IP. The node's own word (name,
 * provider ID, addresses) is what a node with the join token can forge; EC2's answer is not.
 */
final class NodeIdentityCheck {

  private NodeIdentityCheck() {
  }

  /**
   * @param instance  what EC2 said of the node's instance; null when EC2 does not know it
   * @param ownership null when the runtime does not know its cluster (then ownership is not checked)
   */
  static IdentityVerdict check(Node node, InstanceInfo instance, ClusterOwnership ownership) {
    String instanceId = node.instanceId().orElse(null);
    if (instanceId == null) {
      return IdentityVerdict.pending("no AWS provider ID yet");
    }
    if (instance == null) {
      return IdentityVerdict.refused("claims instance " + instanceId + ", which EC2 does not know");
    }
    if (ownership != null && !ownership.owns(instance.tags())) {
      return IdentityVerdict.refused("claims instance " + instanceId + ", which is not this cluster's (no "
          + ownership.describe() + ")");
    }
    if (!instance.running()) {
      return IdentityVerdict.pending("instance " + instanceId + " is " + instance.state());
    }
    if (instance.privateDnsName() == null || !instance.privateDnsName().equalsIgnoreCase(node.name())) {
      return IdentityVerdict.refused("claims instance " + instanceId + ", whose private DNS name is "
          + instance.privateDnsName());
    }
    if (node.internalIp() == null) {
      return IdentityVerdict.pending("no InternalIP reported yet");
    }
    if (!node.internalIp().equals(instance.privateIpAddress())) {
      return IdentityVerdict.refused("reports InternalIP " + node.internalIp() + " but instance " + instanceId
          + " has private IP " + instance.privateIpAddress());
    }
    return IdentityVerdict.VERIFIED;
  }
}
