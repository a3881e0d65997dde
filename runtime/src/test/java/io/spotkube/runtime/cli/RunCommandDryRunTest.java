package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code run --dry-run}: the flags are checked and the services that would start are named. */
class RunCommandDryRunTest {

  @Test
  void clusterNameStartsTheAutoscalerAndQueueUrlTheHandler() {
    CliRun run = CliRun.of("run", "--dry-run", "--cluster-name=spot-kops-cluster", "--region=eu-west-1",
        "--queue-url=https://sqs.eu-west-1.amazonaws.com/123456789012/q", "--expander=random",
        "--balance-similar-node-groups", "--scale-down-unneeded-time=2m", "--metrics-port=8085");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("draining (queue https://sqs.eu-west-1.amazonaws.com/123456789012/q)",
        "autoscaler (cluster spot-kops-cluster, expander random)", ":8085");
  }

  @Test
  void clusterAutoscalerDiscoveryFlagMustNameTheClustersTags() {
    CliRun accepted = CliRun.of("run", "--dry-run", "--cluster-name=c",
        "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/c");
    CliRun rejected = CliRun.of("run", "--dry-run", "--cluster-name=c",
        "--node-group-auto-discovery=asg:tag=team=web");

    assertThat(accepted.exitCode()).isZero();
    assertThat(rejected.exitCode()).isEqualTo(2);
    assertThat(rejected.stderr()).startsWith("run: --node-group-auto-discovery: 'asg:tag=team=web' is not supported");
  }

  @Test
  void nothingToRunIsAUsageError() {
    CliRun run = CliRun.of("run", "--dry-run");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("run: nothing to run");
  }

  @Test
  void badAutoscalerValueNamesTheFlag() {
    CliRun run = CliRun.of("run", "--dry-run", "--cluster-name=c", "--expander=cheapest");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("run: --expander:");
  }

  @Test
  void standaloneBooleanFlagDoesNotSwallowTheNextFlag() {
    CliRun run = CliRun.of("run", "--dry-run", "--balance-similar-node-groups", "--cluster-name", "c");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("autoscaler (cluster c,");
  }
}
