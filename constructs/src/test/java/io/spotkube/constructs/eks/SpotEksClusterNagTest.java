package io.spotkube.constructs.eks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** The EKS cluster passes cdk-nag's AwsSolutions pack; every suppression it carries has a reason. */
class SpotEksClusterNagTest {

  @Test
  void guideClusterHasNoUnsuppressedFindings() {
    EksTestStacks stacks = new EksTestStacks();
    stacks.guideCluster(stacks.props().build());
    Aspects.of(stacks.app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));

    List<SynthesisMessage> errors = Annotations.fromStack(stacks.stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    List<SynthesisMessage> warnings = Annotations.fromStack(stacks.stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

    assertThat(onCluster(errors)).isEmpty();
    assertThat(onCluster(warnings)).isEmpty();
  }

  private static List<String> onCluster(List<SynthesisMessage> messages) {
    return messages.stream()
        .filter(message -> message.getId().startsWith("/Test/Cluster"))
        .map(message -> message.getId() + ": " + message.getEntry().getData())
        .toList();
  }
}
