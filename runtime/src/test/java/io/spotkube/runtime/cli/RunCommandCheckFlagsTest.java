package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@code run --check-flags}: the flags are checked and the services that would start are named. */
class RunCommandCheckFlagsTest {

  @Test
  void clusterNameStartsTheAutoscalerAndQueueUrlTheHandler() {
    CliRun run = CliRun.of("run", "--check-flags", "--cluster-name=spot-kops-cluster", "--region=eu-west-1",
        "--queue-url=https://sqs.eu-west-1.amazonaws.com/123456789012/q", "--expander=random",
        "--balance-similar-node-groups", "--scale-down-unneeded-time=2m", "--metrics-port=8085");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("draining (queue https://sqs.eu-west-1.amazonaws.com/123456789012/q)",
        "autoscaler (cluster spot-kops-cluster, expander random,", ":8085");
  }

  @Test
  void clusterAutoscalerDiscoveryFlagMustNameTheClustersTags() {
    CliRun accepted = CliRun.of("run", "--check-flags", "--cluster-name=c",
        "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/c");
    CliRun rejected = CliRun.of("run", "--check-flags", "--cluster-name=c",
        "--node-group-auto-discovery=asg:tag=team=web");

    assertThat(accepted.exitCode()).isZero();
    assertThat(rejected.exitCode()).isEqualTo(2);
    assertThat(rejected.stderr()).startsWith("run: --node-group-auto-discovery: 'asg:tag=team=web' is not supported");
  }

  @Test
  void nothingToRunIsAUsageError() {
    CliRun run = CliRun.of("run", "--check-flags");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("run: nothing to run");
  }

  @Test
  void badAutoscalerValueNamesTheFlag() {
    CliRun run = CliRun.of("run", "--check-flags", "--cluster-name=c", "--expander=cheapest");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("run: --expander:");
  }

  @Test
  void standaloneBooleanFlagDoesNotSwallowTheNextFlag() {
    CliRun run = CliRun.of("run", "--check-flags", "--balance-similar-node-groups", "--cluster-name", "c");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("autoscaler (cluster c,");
  }

  @Test
  void theEnvironmentConfiguresRunAndAFlagOverridesIt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

    int code = RunCommand.serve(List.of("--check-flags", "--queue-url=https://sqs.eu-west-1.amazonaws.com/1/flag"),
        Map.of("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/env", "METRICS_PORT", "8086"), print, print,
        new CountDownLatch(0));

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("draining (queue https://sqs.eu-west-1.amazonaws.com/1/flag)",
        ":8086");
  }

  @Test
  void aBadEnvironmentValueNamesTheVariable() {
    PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> RunCommand.serve(List.of("--check-flags", "--queue-url=https://q"),
        Map.of("METRICS_PORT", "http"), discard, discard, new CountDownLatch(0)))
        .isInstanceOf(UsageException.class).hasMessage("METRICS_PORT: 'http' is not a whole number");
  }

  @Test
  void anUnknownFlagExitsTwoWithOneLineListingTheKnownOnes() {
    CliRun run = CliRun.of("run", "--check-flags", "--cluster-name=c", "--scan-intervall=3s");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr().lines()).singleElement().asString()
        .startsWith("run: unknown flag --scan-intervall").contains("; known flags: ", "--queue-url", "--scan-interval");
  }

  @Test
  void helpIsPrintedEvenWhenTheEnvironmentIsWrong() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

    int code = RunCommand.serve(List.of("--help"), Map.of("TAINT_NODE", "yes"), print, print, new CountDownLatch(0));

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("| `--taint-node` | `TAINT_NODE` | bool |");
  }
}
