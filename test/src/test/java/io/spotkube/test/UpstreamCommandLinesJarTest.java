package io.spotkube.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's "done when": the two upstream command lines, exactly as the issue quotes them, given to
 * the runtime jar's {@code run --check-flags} in a new JVM with exactly their environment.
 */
class UpstreamCommandLinesJarTest {

  @Test
  void theClusterAutoscalerHelmChartsArgsWithAwsRegionInTheEnvironmentStartTheAutoscaler() throws Exception {
    List<String> command = new ArrayList<>(List.of("run", "--check-flags", "--cloud-provider=aws",
        "--namespace=kube-system",
        "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/spot-kops-cluster",
        "--balance-similar-node-groups=true", "--expander=random", "--logtostderr=true",
        "--scale-down-delay-after-add=2m", "--scale-down-enabled=true", "--scale-down-unneeded-time=2m",
        "--stderrthreshold=info", "--v=4"));

    RuntimeJar.Result result = RuntimeJar.run(command, Map.of("AWS_REGION", "eu-west-1"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("autoscaler (cluster spot-kops-cluster, expander random, groups tagged "
        + "k8s.io/cluster-autoscaler/spot-kops-cluster, lease cluster-autoscaler)");
  }

  @Test
  void theTerminationHandlersFlagsStartTheHandler() throws Exception {
    RuntimeJar.Result result = RuntimeJar.run(List.of("run", "--check-flags", "--enable-sqs-termination-draining",
        "--ignore-daemon-sets", "--delete-local-data", "--json-logging", "--log-level=info",
        "--enable-prometheus-server", "--prometheus-server-port=9092", "--emit-kubernetes-events",
        "--node-name=ip-10-0-1-23.eu-west-1.compute.internal",
        "--queue-url=https://sqs.eu-west-1.amazonaws.com/123456789012/q"), Map.of("AWS_REGION", "eu-west-1"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("draining (queue https://sqs.eu-west-1.amazonaws.com/123456789012/q)",
        "0.0.0.0:9092");
  }

  @Test
  void theTerminationHandlersEnvironmentFormsStartTheHandler() throws Exception {
    RuntimeJar.Result result = RuntimeJar.run(List.of("run", "--check-flags"), Map.ofEntries(
        Map.entry("ENABLE_SQS_TERMINATION_DRAINING", "true"), Map.entry("IGNORE_DAEMON_SETS", "true"),
        Map.entry("DELETE_LOCAL_DATA", "true"), Map.entry("JSON_LOGGING", "true"), Map.entry("LOG_LEVEL", "info"),
        Map.entry("ENABLE_PROMETHEUS_SERVER", "true"), Map.entry("PROMETHEUS_SERVER_PORT", "9093"),
        Map.entry("EMIT_KUBERNETES_EVENTS", "true"), Map.entry("NODE_NAME", "ip-10-0-1-23.eu-west-1.compute.internal"),
        Map.entry("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/q"),
        Map.entry("AWS_REGION", "eu-west-1")));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("draining (queue https://sqs.eu-west-1.amazonaws.com/123456789012/q)",
        "0.0.0.0:9093");
  }

  @Test
  void theEksGuidesShardingFlagsStartAnAutoscalerOverTheNamedGroup() throws Exception {
    RuntimeJar.Result result = RuntimeJar.run(List.of("run", "--check-flags", "--cloud-provider=aws",
        "--nodes=1:10:k8s-worker-asg-1"), Map.of("AWS_REGION", "eu-west-1"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("groups k8s-worker-asg-1 1..10, lease cluster-autoscaler-");
  }
}
