package io.spotkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime's Deployment that the tutorial cluster ships (the add-on asset in cdk.out) starts a
 * runtime that accepts its arguments: {@code run ... --check-flags} with the manifest's args, the
 * deploy-time {{placeholders}} filled in as the control plane fills them.
 */
class RuntimeManifestAcceptedTest {

  @Test
  void runtimeAcceptsTheArgumentsOfTheShippedDeployment() throws Exception {
    ExampleAppSynth synth = ExampleAppSynth.create();
    synth.app.synth();
    List<String> args = RuntimeDeployment.args(synth.outdir);
    assertThat(args).first().isEqualTo("run");

    List<String> command = new ArrayList<>(RuntimeDeployment.filledIn(args));
    command.add("--check-flags");
    RuntimeJar.Result result = RuntimeJar.run(command);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("draining (queue https://sqs.eu-west-1.amazonaws.com/123456789012/q)",
        "autoscaler (cluster spot-kops-cluster, expander random,");
  }

  @Test
  void theShippedEnvironmentBindsTheRuntimesServerToLoopbackOnTheHostNetwork() throws Exception {
    ExampleAppSynth synth = ExampleAppSynth.create();
    synth.app.synth();
    List<String> command = new ArrayList<>(RuntimeDeployment.filledIn(RuntimeDeployment.args(synth.outdir)));
    command.add("--check-flags");

    RuntimeJar.Result result = RuntimeJar.run(command, RuntimeDeployment.literalEnv(synth.outdir));

    // The variable name the manifest sets is the one the runtime reads: else it would listen on
    // every address of the control-plane instance (docs/security.md).
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("metrics and health on 127.0.0.1:8085");
  }
}
