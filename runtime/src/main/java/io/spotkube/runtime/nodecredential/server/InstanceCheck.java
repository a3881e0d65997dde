package io.spotkube.runtime.nodecredential.server;

import io.spotkube.runtime.nodecredential.CallerArn;
import io.spotkube.runtime.nodecredential.CredentialRefusal;
import io.spotkube.runtime.nodecredential.NodeCsr;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.InstanceInfo;
import java.util.Set;

/**
 * The rule, pure: EC2's answer on the instance that signed the token decides the one node name it may
 * have a certificate for. The instance must be in the signer's account, this cluster's (the ownership
 * tags), pending or running, and named by EC2 as the CSR names the node.
 */
final class InstanceCheck {

  private static final Set<String> LIVE_STATES = Set.of("pending", "running");

  private InstanceCheck() {
  }

  /** @param instance what EC2 said of {@code instanceId}; null when EC2 does not know it */
  static void check(String instanceId, InstanceInfo instance, CallerArn caller, ClusterOwnership ownership, NodeCsr csr) {
    if (instance == null) {
      throw CredentialRefusal.refused("instance " + instanceId + " is not known to EC2");
    }
    // Another account may have a role of the same name and name a session after our instance.
    if (instance.ownerId() != null && !instance.ownerId().equals(caller.account())) {
      throw CredentialRefusal.refused("the token was signed in account " + caller.account() + ", but instance "
          + instanceId + " is in account " + instance.ownerId());
    }
    if (!ownership.owns(instance.tags())) {
      throw CredentialRefusal.refused("instance " + instanceId + " is not owned by cluster " + ownership.clusterName()
          + " (no " + ownership.describe() + ")");
    }
    if (!LIVE_STATES.contains(instance.state())) {
      throw CredentialRefusal.refused("instance " + instanceId + " is " + instance.state() + ", not pending or running");
    }
    String name = instance.privateDnsName();
    if (name == null || name.isEmpty()) {
      throw CredentialRefusal.refused("EC2 gives instance " + instanceId + " no private DNS name");
    }
    if (!name.equals(csr.nodeName())) {
      throw CredentialRefusal.refused("CSR names " + NodeCsr.NODE_PREFIX + csr.nodeName() + " but EC2 says instance "
          + instanceId + " is " + name);
    }
  }

  /**
   * A Node of that name already taken by another instance keeps its name: a certificate would let this
   * instance act as it.
   *
   * @param providerId the existing Node's {@code spec.providerID}; "" when it has none
   */
  static void checkExistingNode(String nodeName, String instanceId, String providerId) {
    if (providerId.isEmpty()) {
      return; // registered before the cloud controller set it: no other instance claims the name
    }
    String claimed = providerId.substring(providerId.lastIndexOf('/') + 1);
    if (!claimed.equals(instanceId)) {
      throw CredentialRefusal.refused("node " + nodeName + " exists with provider ID " + providerId
          + ", another instance than " + instanceId);
    }
  }
}
