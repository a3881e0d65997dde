package io.spotkube.runtime.nodecredential.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotkube.runtime.nodecredential.CallerArn;
import io.spotkube.runtime.nodecredential.CredentialRefusal;
import io.spotkube.runtime.nodecredential.NodeCsr;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.InstanceInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceCheckTest {

  private static final String ID = "i-0123456789abcdef0";
  private static final String NAME = "ip-10-0-1-5.eu-west-1.compute.internal";
  private static final ClusterOwnership OWNERSHIP = new ClusterOwnership("spot", "stack-1");
  private static final Map<String, String> OWNED = Map.of("kubernetes.io/cluster/spot", "owned",
      "spotkube.io/cluster-id", "stack-1");
  private static final CallerArn CALLER = CallerArn.parse("arn:aws:sts::123456789012:assumed-role/nodes/" + ID);
  private static final NodeCsr CSR = new NodeCsr(NAME, true);

  private static InstanceInfo instance(Map<String, String> tags, String state, String name, String owner) {
    return new InstanceInfo(ID, name, tags, state, "10.0.1.5", owner);
  }

  @Test
  void aRunningOrPendingInstanceOfTheClusterGetsItsOwnName() {
    assertThatCode(() -> InstanceCheck.check(ID, instance(OWNED, "running", NAME, "123456789012"), CALLER, OWNERSHIP,
        CSR)).doesNotThrowAnyException();
    assertThatCode(() -> InstanceCheck.check(ID, instance(OWNED, "pending", NAME, "123456789012"), CALLER, OWNERSHIP,
        CSR)).doesNotThrowAnyException();
  }

  @Test
  void aCsrForAnotherNodesNameIsRefused() {
    NodeCsr other = new NodeCsr("ip-10-0-9-9.eu-west-1.compute.internal", true);

    assertThatThrownBy(() -> InstanceCheck.check(ID, instance(OWNED, "running", NAME, "123456789012"), CALLER,
        OWNERSHIP, other)).isInstanceOf(CredentialRefusal.class).hasMessage("CSR names "
            + "system:node:ip-10-0-9-9.eu-west-1.compute.internal but EC2 says instance " + ID + " is " + NAME);
  }

  @Test
  void anInstanceOfAnotherClusterOrStackIsRefused() {
    assertThatThrownBy(() -> InstanceCheck.check(ID, instance(Map.of("kubernetes.io/cluster/spot", "owned",
        "spotkube.io/cluster-id", "stack-2"), "running", NAME, "123456789012"), CALLER, OWNERSHIP, CSR))
        .isInstanceOf(CredentialRefusal.class).hasMessageStartingWith("instance " + ID + " is not owned by cluster spot");
  }

  @Test
  void anInstanceOfAnotherAccountIsRefused() {
    assertThatThrownBy(() -> InstanceCheck.check(ID, instance(OWNED, "running", NAME, "999999999999"), CALLER,
        OWNERSHIP, CSR)).isInstanceOf(CredentialRefusal.class)
        .hasMessage("the token was signed in account 123456789012, but instance " + ID + " is in account 999999999999");
  }

  @Test
  void aStoppedUnknownOrUnnamedInstanceIsRefused() {
    assertThatThrownBy(() -> InstanceCheck.check(ID, instance(OWNED, "terminated", NAME, null), CALLER, OWNERSHIP, CSR))
        .isInstanceOf(CredentialRefusal.class).hasMessage("instance " + ID + " is terminated, not pending or running");
    assertThatThrownBy(() -> InstanceCheck.check(ID, null, CALLER, OWNERSHIP, CSR))
        .isInstanceOf(CredentialRefusal.class).hasMessage("instance " + ID + " is not known to EC2");
    assertThatThrownBy(() -> InstanceCheck.check(ID, instance(OWNED, "running", "", null), CALLER, OWNERSHIP, CSR))
        .isInstanceOf(CredentialRefusal.class).hasMessage("EC2 gives instance " + ID + " no private DNS name");
  }

  @Test
  void aNodeNameTakenByAnotherInstanceStaysItsOwn() {
    assertThatThrownBy(() -> InstanceCheck.checkExistingNode(NAME, ID, "aws:///eu-west-1a/i-0fffffffffffffff0"))
        .isInstanceOf(CredentialRefusal.class).hasMessageContaining("another instance than " + ID);
    assertThatCode(() -> InstanceCheck.checkExistingNode(NAME, ID, "aws:///eu-west-1a/" + ID)).doesNotThrowAnyException();
    assertThatCode(() -> InstanceCheck.checkExistingNode(NAME, ID, "")).doesNotThrowAnyException();
  }
}
