package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Upstream's command lines, as their Helm charts and the guides write them, given to {@code run
 * --check-flags}: accepted, and each flag with a meaning here has it (issue 14).
 */
class UpstreamCommandLinesTest {

  /** The cluster-autoscaler chart's args of the tutorial (`helm upgrade --install cluster-autoscaler ...`). */
  static final List<String> CLUSTER_AUTOSCALER_CHART = List.of("--cloud-provider=aws", "--namespace=kube-system",
      "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/spot-kops-cluster",
      "--balance-similar-node-groups=true", "--expander=random", "--logtostderr=true",
      "--scale-down-delay-after-add=2m", "--scale-down-enabled=true", "--scale-down-unneeded-time=2m",
      "--stderrthreshold=info", "--v=4");
  /** aws-node-termination-handler's queue-mode flags named in the issue. */
  static final List<String> TERMINATION_HANDLER_FLAGS = List.of("--enable-sqs-termination-draining",
      "--ignore-daemon-sets", "--delete-local-data", "--json-logging", "--log-level=info",
      "--enable-prometheus-server", "--prometheus-server-port=9092", "--emit-kubernetes-events",
      "--node-name=ip-10-0-1-23.eu-west-1.compute.internal",
      "--queue-url=https://sqs.eu-west-1.amazonaws.com/123456789012/q");
  /** The same, as the handler's chart sets them: environment variables. */
  static final Map<String, String> TERMINATION_HANDLER_ENV = Map.ofEntries(
      Map.entry("ENABLE_SQS_TERMINATION_DRAINING", "true"), Map.entry("IGNORE_DAEMON_SETS", "true"),
      Map.entry("DELETE_LOCAL_DATA", "true"), Map.entry("JSON_LOGGING", "true"), Map.entry("LOG_LEVEL", "info"),
      Map.entry("ENABLE_PROMETHEUS_SERVER", "true"), Map.entry("PROMETHEUS_SERVER_PORT", "9092"),
      Map.entry("EMIT_KUBERNETES_EVENTS", "true"), Map.entry("NODE_NAME", "ip-10-0-1-23.eu-west-1.compute.internal"),
      Map.entry("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/q"),
      Map.entry("AWS_REGION", "eu-west-1"), Map.entry("DRY_RUN", "false"));

  private static String check(List<String> args, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of("--check-flags"));
    all.addAll(args);
    int code = RunCommand.serve(all, env, print, print, new CountDownLatch(0));
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static UsageException refused(List<String> args, Map<String, String> env) {
    PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of("--check-flags"));
    all.addAll(args);
    try {
      RunCommand.serve(all, env, discard, discard, new CountDownLatch(0));
    } catch (UsageException e) {
      return e;
    }
    throw new AssertionError("accepted: " + args + " " + env);
  }

  @Test
  void theClusterAutoscalerChartsArgsStartTheAutoscalerFromTheDiscoveryFlagAlone() {
    String out = check(CLUSTER_AUTOSCALER_CHART, Map.of("AWS_REGION", "eu-west-1"));

    assertThat(out).contains("autoscaler (cluster spot-kops-cluster, expander random, groups tagged "
        + "k8s.io/cluster-autoscaler/spot-kops-cluster, lease cluster-autoscaler)");
  }

  @Test
  void theTerminationHandlersFlagsAndTheirEnvironmentFormsAreAccepted() {
    assertThat(check(TERMINATION_HANDLER_FLAGS, Map.of()))
        .contains("draining (queue https://sqs.eu-west-1.amazonaws.com/123456789012/q)", ":9092");
    assertThat(check(List.of(), TERMINATION_HANDLER_ENV))
        .contains("draining (queue https://sqs.eu-west-1.amazonaws.com/123456789012/q)", ":9092");
  }

  @Test
  void bothTogetherAsOneRuntimeRunsThem() {
    List<String> args = new ArrayList<>(CLUSTER_AUTOSCALER_CHART);
    args.addAll(TERMINATION_HANDLER_FLAGS);

    assertThat(check(args, Map.of("AWS_REGION", "eu-west-1"))).contains("draining (queue ", "autoscaler (cluster ");
  }

  @Test
  void sqsTerminationDrainingFalseMeansNoQueueHandlerAsUpstream() {
    Map<String, String> env = new java.util.HashMap<>(TERMINATION_HANDLER_ENV);
    env.put("ENABLE_SQS_TERMINATION_DRAINING", "false");

    assertThat(refused(List.of(), env)).hasMessageContaining("nothing to run")
        .hasMessageContaining("--enable-sqs-termination-draining is false");
    assertThat(check(CLUSTER_AUTOSCALER_CHART, env)).doesNotContain("draining (").contains("autoscaler (");
  }

  @Test
  void theOnlyBehaviourOfTheDrainIsRefusedWhenAskedToBeOtherwiseNamingTheSource() {
    assertThat(refused(List.of("--ignore-daemon-sets=false"), TERMINATION_HANDLER_ENV))
        .hasMessage("--ignore-daemon-sets: false is not supported: DaemonSet pods always stay on a drained node");
    Map<String, String> env = new java.util.HashMap<>(TERMINATION_HANDLER_ENV);
    env.put("DELETE_LOCAL_DATA", "false");
    assertThat(refused(List.of(), env))
        .hasMessage("DELETE_LOCAL_DATA: false is not supported: pods with emptyDir volumes are always evicted");
  }

  @Test
  void prometheusServerPortIsTheMetricsPort() {
    assertThat(check(List.of("--queue-url=https://q.example/1", "--prometheus-server-port=9300"), Map.of()))
        .contains("on 0.0.0.0:9300");
    assertThat(check(List.of("--queue-url=https://q.example/1"), Map.of("PROMETHEUS_SERVER_PORT", "9301")))
        .contains("on 0.0.0.0:9301");
  }

  @Test
  void theEksGuidesShardsEachGetTheirGroupsAndTheirOwnLease() {
    String first = check(List.of("--cloud-provider=aws", "--nodes=1:10:k8s-worker-asg-1"), Map.of());
    String second = check(List.of("--cloud-provider=aws", "--nodes=1:3:k8s-worker-asg-2",
        "--nodes=0:5:k8s-worker-asg-3"), Map.of());

    assertThat(first).contains("groups k8s-worker-asg-1 1..10, lease cluster-autoscaler-");
    assertThat(second).contains("groups k8s-worker-asg-2 1..3 + k8s-worker-asg-3 0..5, lease cluster-autoscaler-");
    assertThat(lease(first)).isNotEqualTo(lease(second));
    assertThat(check(List.of("--nodes=1:10:k8s-worker-asg-1", "--leader-elect-resource-name=shard-a"), Map.of()))
        .contains("lease shard-a)");
  }

  @Test
  void nodesWithDiscoveryAddsTheNamedGroupsToTheTaggedOnes() {
    List<String> args = new ArrayList<>(CLUSTER_AUTOSCALER_CHART);
    args.add("--nodes=2:4:extra");

    assertThat(check(args, Map.of())).contains("groups tagged k8s.io/cluster-autoscaler/spot-kops-cluster + extra 2..4, "
        + "lease cluster-autoscaler)");
  }

  @Test
  void badNodesAndOtherCloudProvidersAreRefusedNamingTheFlag() {
    assertThat(refused(List.of("--nodes=10:1:asg"), Map.of())).hasMessageStartingWith("--nodes: '10:1:asg'");
    assertThat(refused(List.of("--nodes=1:10"), Map.of())).hasMessageContaining("<min>:<max>:<Auto Scaling group name>");
    assertThat(refused(List.of("--nodes=1:2:a", "--nodes=1:3:a"), Map.of())).hasMessageContaining("names a group twice");
    assertThat(refused(List.of("--cloud-provider=gce", "--cluster-name=c"), Map.of()))
        .hasMessage("--cloud-provider: 'gce' is not supported; only aws");
    assertThat(refused(List.of("--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled"), Map.of()))
        .hasMessageContaining("names no k8s.io/cluster-autoscaler/<cluster> tag");
  }

  @Test
  void dryRunAndLeaderElectionAreShownInWhatWouldStart() {
    assertThat(check(List.of("--dry-run", "--cluster-name=c", "--queue-url=https://q.example/1"), Map.of()))
        .contains("draining (queue https://q.example/1, dry run)", "lease cluster-autoscaler, dry run)");
    assertThat(check(List.of("--cluster-name=c", "--leader-elect=false"), Map.of())).contains("no leader election)");
  }

  private static String lease(String out) {
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("lease (cluster-autoscaler-[0-9a-f]+)").matcher(out);
    assertThat(matcher.find()).as(out).isTrue();
    return matcher.group(1);
  }
}
