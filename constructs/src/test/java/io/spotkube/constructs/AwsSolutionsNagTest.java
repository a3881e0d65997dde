package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/** The constructs pass cdk-nag's AwsSolutions pack; every suppression they carry has a reason. */
class AwsSolutionsNagTest {

  @Test
  void spotGroupAndQueueHaveNoUnsuppressedFindings() {
    TestStacks stacks = new TestStacks();
    TerminationHandlerQueue queue = new TerminationHandlerQueue(stacks.stack, "TerminationHandler",
        TerminationHandlerQueueProps.builder().clusterName(TestStacks.CLUSTER).build());
    queue.addNodeGroup(new DiversifiedSpotNodeGroup(stacks.stack, "Spot", stacks.tutorialGroup("m5.large").build()));
    Role handler = Role.Builder.create(stacks.stack, "HandlerRole").assumedBy(new ServicePrincipal("ec2.amazonaws.com")).build();
    queue.grantConsume(handler);
    Aspects.of(stacks.app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));

    List<SynthesisMessage> errors = Annotations.fromStack(stacks.stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    List<SynthesisMessage> warnings = Annotations.fromStack(stacks.stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

    // The test fixture's own VPC and role are not ours: only findings on our constructs count.
    assertThat(findingsOnOurConstructs(errors)).isEmpty();
    assertThat(findingsOnOurConstructs(warnings)).isEmpty();
  }

  @Test
  void clusterWithAGrantedAdminRoleHasNoUnsuppressedFindings() {
    TestStacks stacks = new TestStacks();
    Role admin = Role.Builder.create(stacks.stack, "AdminRole").assumedBy(new AccountRootPrincipal()).build();
    SpotKubernetesCluster cluster = new SpotKubernetesCluster(stacks.stack, "Cluster", SpotKubernetesClusterProps.builder()
        .clusterName(TestStacks.CLUSTER)
        .runtimeImage(RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .build());
    cluster.grantClusterAdmin(admin);
    cluster.grantClusterAdmin(Role.fromRoleArn(stacks.stack, "ImportedAdmin", "arn:aws:iam::123456789012:role/Admin"));
    Aspects.of(stacks.app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));

    List<SynthesisMessage> errors = Annotations.fromStack(stacks.stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    List<SynthesisMessage> warnings = Annotations.fromStack(stacks.stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

    // The imported role got a policy (so its findings were there to suppress).
    Template.fromStack(stacks.stack).hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of("Admin")));
    assertThat(on(errors, "/Test/Cluster", "/Test/AdminRole", "/Test/ImportedAdmin")).isEmpty();
    assertThat(on(warnings, "/Test/Cluster", "/Test/AdminRole", "/Test/ImportedAdmin")).isEmpty();
  }

  private static List<String> on(List<SynthesisMessage> messages, String... paths) {
    return messages.stream()
        .filter(message -> java.util.Arrays.stream(paths).anyMatch(path -> message.getId().startsWith(path)))
        .map(message -> message.getId() + ": " + message.getEntry().getData())
        .toList();
  }

  private static List<String> findingsOnOurConstructs(List<SynthesisMessage> messages) {
    return messages.stream()
        .filter(message -> message.getId().startsWith("/Test/TerminationHandler") || message.getId().startsWith("/Test/Spot")
            || message.getId().startsWith("/Test/HandlerRole"))
        .map(message -> message.getId() + ": " + message.getEntry().getData())
        .toList();
  }
}
