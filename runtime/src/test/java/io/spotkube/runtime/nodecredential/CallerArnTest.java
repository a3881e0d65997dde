package io.spotkube.runtime.nodecredential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerArnTest {

  private static final Set<String> NODE_ROLES = Set.of("spot-nodes-role", "ondemand-nodes-role");

  @Test
  void aNodeRolesInstanceSessionIsThatInstance() {
    CallerArn caller = CallerArn.parse("arn:aws:sts::123456789012:assumed-role/spot-nodes-role/i-0123456789abcdef0");

    assertThat(caller.instanceId(NODE_ROLES)).isEqualTo("i-0123456789abcdef0");
    assertThat(caller.account()).isEqualTo("123456789012");
  }

  @Test
  void anotherRoleWithAnInstanceLikeSessionIsRefused() {
    CallerArn caller = CallerArn.parse("arn:aws:sts::123456789012:assumed-role/ci-deployer/i-0123456789abcdef0");

    assertThatThrownBy(() -> caller.instanceId(NODE_ROLES)).isInstanceOf(CredentialRefusal.class)
        .hasMessage("token: signed by role ci-deployer, which is not a node role of this cluster");
  }

  @Test
  void aNodeRoleSessionNotNamedByEc2IsRefused() {
    CallerArn caller = CallerArn.parse("arn:aws:sts::123456789012:assumed-role/spot-nodes-role/admin-laptop");

    assertThatThrownBy(() -> caller.instanceId(NODE_ROLES)).isInstanceOf(CredentialRefusal.class)
        .hasMessageContaining("in session admin-laptop, not an instance's");
  }

  @Test
  void usersAndRootAreNotAssumedRoles() {
    assertThatThrownBy(() -> CallerArn.parse("arn:aws:iam::123456789012:user/alice")).isInstanceOf(CredentialRefusal.class)
        .hasMessage("token: signed by arn:aws:iam::123456789012:user/alice, not an assumed role");
    assertThatThrownBy(() -> CallerArn.parse("arn:aws:iam::123456789012:root")).isInstanceOf(CredentialRefusal.class);
  }
}
