package io.spotkube.runtime.flags;

import static io.spotkube.runtime.flags.UsedBy.AUTOSCALER;
import static io.spotkube.runtime.flags.UsedBy.DRAINING;
import static io.spotkube.runtime.flags.UsedBy.NODE_CREDENTIALS;
import static io.spotkube.runtime.flags.UsedBy.RUN;

import io.spotkube.contract.RuntimeFlags;
import io.spotkube.runtime.ports.StaticNodeGroup;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Every flag of {@code run}, with the environment variables of the upstream programs
 * (aws-node-termination-handler's; cluster-autoscaler reads flags only), their defaults (upstream's,
 * except where the description says), and who reads them. Upstream flags that mean nothing here are
 * rows too (used by none), so a chart's or a guide's command line starts the runtime unchanged. docs/flags.md and {@code run --help} are
 * rendered from {@link #TABLE}; a flag without a row here is rejected as unknown.
 */
public final class RunFlags {

  // run itself
  public static final Flag<Boolean> HELP = Flag.of("--help", FlagType.BOOL, Set.of(RUN),
      "print this table and exit").withDefault("false");
  public static final Flag<Boolean> CHECK_FLAGS = Flag.of("--check-flags", FlagType.BOOL, Set.of(RUN),
      "check the flags, print what would start, exit").withDefault("false");
  public static final Flag<Boolean> DRY_RUN = Flag.of("--dry-run", FlagType.BOOL, Set.of(AUTOSCALER, DRAINING),
      "upstream's: log every write (cordon, taint, eviction, capacity, termination, queue delete, Event, ConfigMap, "
      + "Lease) instead of making it").withEnv("DRY_RUN").withDefault("false");
  public static final Flag<Integer> METRICS_PORT = Flag.of(RuntimeFlags.METRICS_PORT, FlagType.integer(0, 65535),
      Set.of(RUN), "port of `/metrics`, `/healthz`, `/readyz`; 0 = any free port")
      .withAliases("--prometheus-server-port").withEnv("METRICS_PORT", "PROMETHEUS_SERVER_PORT").withDefault("9092");
  public static final Flag<String> METRICS_ADDRESS = Flag.of("--metrics-address", FlagType.TEXT, Set.of(RUN),
      "bind address of the above").withEnv("METRICS_ADDRESS").withDefault("0.0.0.0");

  // both controllers: one set of AWS clients
  public static final Flag<String> AWS_REGION = Flag.of("--aws-region", FlagType.TEXT, Set.of(AUTOSCALER, DRAINING),
      "region of the SQS, EC2 and Auto Scaling clients, of prices and node-template labels")
      .withAliases(RuntimeFlags.REGION).withEnv("AWS_REGION", "AWS_DEFAULT_REGION").withDefault(null, "the SDK's default chain");
  public static final Flag<URI> AWS_ENDPOINT = Flag.of("--aws-endpoint", FlagType.URL, Set.of(AUTOSCALER, DRAINING),
      "endpoint of the SQS, EC2 and Auto Scaling clients (local testing)").withEnv("AWS_ENDPOINT_URL", "AWS_ENDPOINT")
      .withDefault(null, "AWS");
  public static final Flag<String> CLUSTER_ID = Flag.of(RuntimeFlags.CLUSTER_ID, FlagType.TEXT,
      Set.of(AUTOSCALER, DRAINING), "act only on groups and instances also tagged `spotkube.io/cluster-id=<id>` "
          + "(the constructs tag the stack id), so a cluster of the same name in the account is never touched")
      .withDefault(null, "none: `kubernetes.io/cluster/<cluster>=owned` alone");

  // the autoscaler (cluster-autoscaler's flags)
  public static final Flag<String> CLUSTER_NAME = Flag.of(RuntimeFlags.CLUSTER_NAME, FlagType.TEXT, Set.of(AUTOSCALER),
      "starts the autoscaler; groups are found by the tag `k8s.io/cluster-autoscaler/<cluster>`")
      .withDefault(null, "the `<cluster>` of `--node-group-auto-discovery`; neither and no `--nodes`: no autoscaler");
  public static final Flag<String> NODE_GROUP_AUTO_DISCOVERY = Flag.of(RuntimeFlags.NODE_GROUP_AUTO_DISCOVERY, FlagType.TEXT,
      Set.of(AUTOSCALER), "starts the autoscaler; only the constructs' tags: "
      + "`asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/<cluster>`");
  public static final Flag<StaticNodeGroup> NODES = Flag.of("--nodes", FlagType.NODE_GROUP, Set.of(AUTOSCALER),
      "starts the autoscaler; a group by name with its bounds (several: one flag each); alone, no discovery: "
      + "runtimes over disjoint groups shard a cluster (docs/scaling.md)").withRepeats();
  public static final Flag<String> NAMESPACE = Flag.of(RuntimeFlags.NAMESPACE, FlagType.TEXT, Set.of(AUTOSCALER),
      "namespace of the Lease, status and priority ConfigMaps").withDefault("kube-system");
  public static final Flag<String> EXPANDER = Flag.of(RuntimeFlags.EXPANDER, FlagType.TEXT, Set.of(AUTOSCALER),
      "expander chain (docs/scaling.md); the tutorial uses `random`, the EKS guide `least-waste`")
      .withDefault("random");
  public static final Flag<Boolean> BALANCE_SIMILAR_NODE_GROUPS = Flag.of(RuntimeFlags.BALANCE_SIMILAR_NODE_GROUPS,
      FlagType.BOOL, Set.of(AUTOSCALER), "balance similar groups").withDefault("false");
  public static final Flag<Boolean> SCALE_DOWN_ENABLED = Flag.of(RuntimeFlags.SCALE_DOWN_ENABLED, FlagType.BOOL,
      Set.of(AUTOSCALER), "remove unneeded nodes").withDefault("true");
  public static final Flag<Duration> SCALE_DOWN_UNNEEDED_TIME = Flag.of(RuntimeFlags.SCALE_DOWN_UNNEEDED_TIME,
      FlagType.DURATION, Set.of(AUTOSCALER), "how long a node must be unneeded (tutorial: `2m`)").withDefault("10m");
  public static final Flag<Boolean> SCALE_DOWN_UNREADY_ENABLED = Flag.of("--scale-down-unready-enabled", FlagType.BOOL,
      Set.of(AUTOSCALER), "unready nodes may be removed too").withDefault("true");
  public static final Flag<Duration> SCALE_DOWN_UNREADY_TIME = Flag.of("--scale-down-unready-time", FlagType.DURATION,
      Set.of(AUTOSCALER), "how long an unready node must be unneeded (instead of the above)").withDefault("20m");
  public static final Flag<Duration> SCALE_DOWN_DELAY_AFTER_ADD = Flag.of(RuntimeFlags.SCALE_DOWN_DELAY_AFTER_ADD,
      FlagType.DURATION, Set.of(AUTOSCALER), "no scale-down this long after a scale-up (tutorial: `2m`)")
      .withDefault("10m");
  public static final Flag<Double> SCALE_DOWN_UTILIZATION_THRESHOLD = Flag.of("--scale-down-utilization-threshold",
      FlagType.DECIMAL, Set.of(AUTOSCALER), "below this, a node is a candidate (0 to 1)").withDefault("0.5");
  public static final Flag<Boolean> SKIP_NODES_WITH_SYSTEM_PODS = Flag.of(RuntimeFlags.SKIP_NODES_WITH_SYSTEM_PODS,
      FlagType.BOOL, Set.of(AUTOSCALER), "kube-system pods without a PDB block scale-down").withDefault("true");
  public static final Flag<Boolean> SKIP_NODES_WITH_LOCAL_STORAGE = Flag.of(RuntimeFlags.SKIP_NODES_WITH_LOCAL_STORAGE,
      FlagType.BOOL, Set.of(AUTOSCALER), "pods with local storage block scale-down").withDefault("true");
  public static final Flag<Duration> MAX_NODE_PROVISION_TIME = Flag.of(RuntimeFlags.MAX_NODE_PROVISION_TIME,
      FlagType.DURATION, Set.of(AUTOSCALER), "give up on a scale-up whose nodes did not register").withDefault("15m");
  public static final Flag<Integer> MAX_NODES_TOTAL = Flag.of("--max-nodes-total", FlagType.INT, Set.of(AUTOSCALER),
      "cap on all nodes of the cluster").withDefault("0", "no cap");
  // The simulation's GPU and overprovisioning knobs (upstream's names and defaults).
  public static final Flag<Double> SCALE_DOWN_GPU_UTILIZATION_THRESHOLD = Flag.of("--scale-down-gpu-utilization-threshold",
      FlagType.DECIMAL, Set.of(AUTOSCALER), "below this GPU utilization, a node with GPUs is a candidate (0 to 1)")
      .withDefault("0.5");
  public static final Flag<Integer> EXPENDABLE_PODS_PRIORITY_CUTOFF = Flag.of("--expendable-pods-priority-cutoff",
      FlagType.INT, Set.of(AUTOSCALER), "pods below this priority neither trigger scale-up nor block scale-down")
      .withDefault("-10");
  public static final Flag<Duration> MAX_POD_EVICTION_TIME = Flag.of("--max-pod-eviction-time", FlagType.DURATION,
      Set.of(AUTOSCALER), "how long a scale-down retries refused evictions before giving the node back")
      .withDefault("2m");
  public static final Flag<Integer> MAX_GRACEFUL_TERMINATION_SEC = Flag.of("--max-graceful-termination-sec",
      FlagType.integer(0), Set.of(AUTOSCALER), "the most grace (seconds) a pod gets when its node is scaled down")
      .withDefault("600");
  public static final Flag<Duration> MAX_INACTIVITY = Flag.of("--max-inactivity", FlagType.DURATION,
      Set.of(AUTOSCALER), "/healthz fails when the leader's loop has not ended an iteration for this long")
      .withDefault("10m");
  public static final Flag<Duration> MAX_FAILING_TIME = Flag.of("--max-failing-time", FlagType.DURATION,
      Set.of(AUTOSCALER), "/healthz fails when the leader's loop has not succeeded for this long")
      .withDefault("15m");
  public static final Flag<Duration> SCAN_INTERVAL = Flag.of(RuntimeFlags.SCAN_INTERVAL, FlagType.DURATION,
      Set.of(AUTOSCALER), "time between iterations").withDefault("10s");
  public static final Flag<String> LEADER_ELECT_RESOURCE_NAME = Flag.of(RuntimeFlags.LEADER_ELECT_RESOURCE_NAME,
      FlagType.TEXT, Set.of(AUTOSCALER), "the Lease of the one active replica")
      .withDefault(null, "`cluster-autoscaler`; with `--nodes` and no discovery, `cluster-autoscaler-` and a hash "
      + "of the group names: one Lease per shard");
  public static final Flag<String> STATUS_CONFIG_MAP_NAME = Flag.of(RuntimeFlags.STATUS_CONFIG_MAP_NAME, FlagType.TEXT,
      Set.of(AUTOSCALER), "the status ConfigMap").withDefault("cluster-autoscaler-status");
  public static final Flag<String> PRIORITY_CONFIG_MAP_NAME = Flag.of("--priority-config-map-name", FlagType.TEXT,
      Set.of(AUTOSCALER), "the priority expander's ConfigMap").withDefault("cluster-autoscaler-priority-expander");

  // cluster-autoscaler's flags the Helm chart and the guides set, kept for their sake (sorted; docs/scaling.md)
  public static final Flag<Boolean> ALSOLOGTOSTDERR = Flag.of("--alsologtostderr", FlagType.BOOL, Set.of(),
      "klog's; logs always go to stderr").withDefault("false");
  public static final Flag<String> CLOUD_PROVIDER = Flag.of("--cloud-provider", FlagType.TEXT, Set.of(AUTOSCALER),
      "only `aws`; anything else is refused").withDefault("aws");
  public static final Flag<Boolean> LEADER_ELECT = Flag.of("--leader-elect", FlagType.BOOL, Set.of(AUTOSCALER),
      "take the Lease before acting; false: act at once (one replica only)").withDefault("true");
  public static final Flag<Boolean> LOGTOSTDERR = Flag.of("--logtostderr", FlagType.BOOL, Set.of(),
      "klog's; logs always go to stderr").withDefault("true");
  public static final Flag<String> STDERRTHRESHOLD = Flag.of("--stderrthreshold", FlagType.TEXT, Set.of(),
      "klog's; every log line goes to stderr").withDefault("2");
  public static final Flag<Integer> VERBOSITY = Flag.of("--v", FlagType.integer(0), Set.of(),
      "klog's verbosity; the log level is INFO").withDefault("0");

  // the interruption handler (aws-node-termination-handler's flags and variables)
  public static final Flag<String> QUEUE_URL = Flag.of(RuntimeFlags.QUEUE_URL, FlagType.TEXT, Set.of(DRAINING),
      "the interruption queue; starts the interruption handler").withEnv("QUEUE_URL")
      .withDefault(null, "none: no interruption handler");
  public static final Flag<Integer> RECEIVE_WAIT_SECONDS = Flag.of("--receive-wait-seconds", FlagType.integer(0, 20),
      Set.of(DRAINING), "SQS long-poll wait").withEnv("QUEUE_RECEIVE_WAIT_SECONDS").withDefault("20");
  public static final Flag<Integer> NODE_TERMINATION_GRACE_PERIOD = Flag.of("--node-termination-grace-period",
      FlagType.integer(1), Set.of(DRAINING), "seconds a whole drain may take")
      .withEnv("NODE_TERMINATION_GRACE_PERIOD").withDefault("120");
  public static final Flag<Integer> POD_TERMINATION_GRACE_PERIOD = Flag.of("--pod-termination-grace-period",
      FlagType.integer(-1), Set.of(DRAINING), "seconds given to each evicted pod")
      .withEnv("POD_TERMINATION_GRACE_PERIOD").withDefault("-1", "the pod's own");
  public static final Flag<Boolean> TAINT_NODE = Flag.of("--taint-node", FlagType.BOOL, Set.of(DRAINING),
      "taint the node before cordoning").withEnv("TAINT_NODE").withDefault("false");
  public static final Flag<String> TAINT_EFFECT = Flag.of("--taint-effect", FlagType.TEXT, Set.of(DRAINING),
      "NoSchedule, PreferNoSchedule or NoExecute").withEnv("TAINT_EFFECT").withDefault("NoSchedule");
  public static final Flag<Boolean> CORDON_ONLY = Flag.of("--cordon-only", FlagType.BOOL, Set.of(DRAINING),
      "never evict").withEnv("CORDON_ONLY").withDefault("false");
  public static final Flag<Boolean> ENABLE_SPOT_INTERRUPTION_DRAINING = Flag.of(
      "--enable-spot-interruption-draining", FlagType.BOOL, Set.of(DRAINING), "act on Spot warnings")
      .withEnv("ENABLE_SPOT_INTERRUPTION_DRAINING").withDefault("true");
  public static final Flag<Boolean> ENABLE_SCHEDULED_EVENT_DRAINING = Flag.of("--enable-scheduled-event-draining",
      FlagType.BOOL, Set.of(DRAINING), "act on Health scheduled changes")
      .withEnv("ENABLE_SCHEDULED_EVENT_DRAINING").withDefault("true");
  public static final Flag<Boolean> ENABLE_REBALANCE_MONITORING = Flag.of("--enable-rebalance-monitoring",
      FlagType.BOOL, Set.of(DRAINING), "cordon on rebalance recommendations")
      .withEnv("ENABLE_REBALANCE_MONITORING").withDefault("true");
  public static final Flag<Boolean> ENABLE_REBALANCE_DRAINING = Flag.of("--enable-rebalance-draining",
      FlagType.BOOL, Set.of(DRAINING), "drain on rebalance recommendations")
      .withEnv("ENABLE_REBALANCE_DRAINING").withDefault("false");
  public static final Flag<Boolean> CHECK_TAG_BEFORE_DRAINING = Flag.of("--check-tag-before-draining",
      FlagType.BOOL, Set.of(DRAINING), "only act on instances with the managed tag")
      .withEnv("CHECK_TAG_BEFORE_DRAINING", "CHECK_ASG_TAG_BEFORE_DRAINING").withDefault("true");
  public static final Flag<String> MANAGED_TAG = Flag.of(RuntimeFlags.MANAGED_TAG, FlagType.TEXT, Set.of(DRAINING),
      "the tag key of the above").withEnv("MANAGED_TAG", "MANAGED_ASG_TAG")
      .withDefault("aws-node-termination-handler/managed");
  public static final Flag<Boolean> DELETE_SQS_MSG_IF_NODE_NOT_FOUND = Flag.of("--delete-sqs-msg-if-node-not-found",
      FlagType.BOOL, Set.of(DRAINING), "delete messages for instances without a node")
      .withEnv("DELETE_SQS_MSG_IF_NODE_NOT_FOUND").withDefault("true", "upstream: false");
  public static final Flag<Boolean> DELETE_INVALID_MESSAGES = Flag.of("--delete-invalid-messages", FlagType.BOOL,
      Set.of(DRAINING), "delete INVALID, IGNORED and not-ours messages (else leave them to the redrive policy)")
      .withEnv("DELETE_INVALID_MESSAGES").withDefault("true");
  public static final Flag<Boolean> EXCLUDE_FROM_LOAD_BALANCERS = Flag.of("--exclude-from-load-balancers",
      FlagType.BOOL, Set.of(DRAINING), "label the node out of load balancers")
      .withEnv("EXCLUDE_FROM_LOAD_BALANCERS").withDefault("false");
  public static final Flag<URI> WEBHOOK_URL = Flag.of("--webhook-url", FlagType.URL, Set.of(DRAINING),
      "POST a JSON body per action").withEnv("WEBHOOK_URL").withDefault(null, "none");
  public static final Flag<String> WEBHOOK_TEMPLATE = Flag.of("--webhook-template", FlagType.TEXT, Set.of(DRAINING),
      "the body, with Go-template placeholders (docs/draining.md)").withEnv("WEBHOOK_TEMPLATE")
      .withDefault(null, "a Slack-style `text` message");
  public static final Flag<Integer> HEARTBEAT_INTERVAL = Flag.of("--heartbeat-interval", FlagType.integer(1),
      Set.of(DRAINING), "seconds between lifecycle heartbeats").withEnv("HEARTBEAT_INTERVAL").withDefault("30");
  public static final Flag<Integer> MESSAGE_VISIBILITY_TIMEOUT = Flag.of("--message-visibility-timeout",
      FlagType.integer(0), Set.of(DRAINING), "seconds a message in work is kept hidden, renewed every third of it")
      .withEnv("MESSAGE_VISIBILITY_TIMEOUT").withDefault("0", "the queue's own");
  public static final Flag<Integer> POLLERS = Flag.of("--pollers", FlagType.integer(1), Set.of(DRAINING),
      "threads long-polling the queue").withEnv("QUEUE_POLLERS").withDefault("2");
  public static final Flag<Integer> WORKERS = Flag.of("--workers", FlagType.integer(1), Set.of(DRAINING),
      "worker threads (and as many eviction threads)").withEnv("WORKERS").withDefault("16");
  public static final Flag<String> EVENT_NAMESPACE = Flag.of("--event-namespace", FlagType.TEXT, Set.of(DRAINING),
      "namespace of the Kubernetes Events").withEnv("EVENT_NAMESPACE").withDefault("default");

  // aws-node-termination-handler's flags its chart and guides set, kept for their sake (sorted; docs/flags.md)
  public static final Flag<Boolean> DELETE_LOCAL_DATA = Flag.of("--delete-local-data", FlagType.BOOL, Set.of(DRAINING),
      "evict pods with emptyDir volumes too; only true (false would block every such drain)")
      .withEnv("DELETE_LOCAL_DATA").withDefault("true");
  public static final Flag<Boolean> EMIT_KUBERNETES_EVENTS = Flag.of("--emit-kubernetes-events", FlagType.BOOL,
      Set.of(DRAINING), "record the handler's Kubernetes Events").withEnv("EMIT_KUBERNETES_EVENTS")
      .withDefault("true", "upstream: false");
  public static final Flag<Boolean> ENABLE_PROMETHEUS_SERVER = Flag.of("--enable-prometheus-server", FlagType.BOOL,
      Set.of(), "`/metrics` is always served (with the probes) on `--metrics-port`")
      .withEnv("ENABLE_PROMETHEUS_SERVER").withDefault("false");
  public static final Flag<Boolean> ENABLE_SQS_TERMINATION_DRAINING = Flag.of("--enable-sqs-termination-draining",
      FlagType.BOOL, Set.of(DRAINING), "queue mode; false: no handler (upstream's IMDS mode is not implemented)")
      .withEnv("ENABLE_SQS_TERMINATION_DRAINING").withDefault("true", "upstream: false");
  public static final Flag<Boolean> IGNORE_DAEMON_SETS = Flag.of("--ignore-daemon-sets", FlagType.BOOL, Set.of(DRAINING),
      "DaemonSet pods stay on a drained node; only true (their controller would put them back)")
      .withEnv("IGNORE_DAEMON_SETS").withDefault("true");
  public static final Flag<Boolean> JSON_LOGGING = Flag.of("--json-logging", FlagType.BOOL, Set.of(),
      "logs are text lines").withEnv("JSON_LOGGING").withDefault("false");
  public static final Flag<String> LOG_LEVEL = Flag.of("--log-level", FlagType.TEXT, Set.of(),
      "the log level is INFO").withEnv("LOG_LEVEL").withDefault("INFO");
  public static final Flag<String> NODE_NAME = Flag.of("--node-name", FlagType.TEXT, Set.of(),
      "IMDS mode's own node; queue mode finds nodes by instance id").withEnv("NODE_NAME")
      .withDefault(null, "none");

  // the node credential server (kops-controller's job: a kubelet certificate only for the name EC2 vouches for)
  public static final Flag<String> NODE_CREDENTIAL_ADDRESS = Flag.of(RuntimeFlags.NODE_CREDENTIAL_ADDRESS, FlagType.TEXT,
      Set.of(NODE_CREDENTIALS), "`host:port` of `POST /node-credential/v1` (docs/security.md); on every replica")
      .withDefault(null, "off");
  public static final Flag<String> NODE_CREDENTIAL_ROLE_NAMES = Flag.of(RuntimeFlags.NODE_CREDENTIAL_ROLE_NAMES,
      FlagType.TEXT, Set.of(NODE_CREDENTIALS), "comma-separated IAM role names of the node roles whose instances "
          + "may get a certificate; required with the above").withDefault(null, "none");

  /** The rows, in the order of docs/flags.md. */
  public static final FlagTable TABLE = FlagTable.of(List.of(
      HELP, CHECK_FLAGS, DRY_RUN, METRICS_PORT, METRICS_ADDRESS,
      AWS_REGION, AWS_ENDPOINT, CLUSTER_ID,
      CLUSTER_NAME, NODE_GROUP_AUTO_DISCOVERY, NODES, NAMESPACE, EXPANDER, BALANCE_SIMILAR_NODE_GROUPS, SCALE_DOWN_ENABLED,
      SCALE_DOWN_UNNEEDED_TIME, SCALE_DOWN_UNREADY_ENABLED, SCALE_DOWN_UNREADY_TIME, SCALE_DOWN_DELAY_AFTER_ADD, SCALE_DOWN_UTILIZATION_THRESHOLD,
      SKIP_NODES_WITH_SYSTEM_PODS, SKIP_NODES_WITH_LOCAL_STORAGE, MAX_NODE_PROVISION_TIME, MAX_NODES_TOTAL,
      SCALE_DOWN_GPU_UTILIZATION_THRESHOLD, EXPENDABLE_PODS_PRIORITY_CUTOFF,
      MAX_POD_EVICTION_TIME, MAX_GRACEFUL_TERMINATION_SEC, MAX_INACTIVITY, MAX_FAILING_TIME,
      SCAN_INTERVAL, LEADER_ELECT_RESOURCE_NAME, STATUS_CONFIG_MAP_NAME, PRIORITY_CONFIG_MAP_NAME,
      ALSOLOGTOSTDERR, CLOUD_PROVIDER, LEADER_ELECT, LOGTOSTDERR, STDERRTHRESHOLD, VERBOSITY,
      QUEUE_URL, RECEIVE_WAIT_SECONDS, NODE_TERMINATION_GRACE_PERIOD, POD_TERMINATION_GRACE_PERIOD, TAINT_NODE,
      TAINT_EFFECT, CORDON_ONLY, ENABLE_SPOT_INTERRUPTION_DRAINING, ENABLE_SCHEDULED_EVENT_DRAINING,
      ENABLE_REBALANCE_MONITORING, ENABLE_REBALANCE_DRAINING, CHECK_TAG_BEFORE_DRAINING, MANAGED_TAG,
      DELETE_SQS_MSG_IF_NODE_NOT_FOUND, DELETE_INVALID_MESSAGES, EXCLUDE_FROM_LOAD_BALANCERS, WEBHOOK_URL,
      WEBHOOK_TEMPLATE, HEARTBEAT_INTERVAL, MESSAGE_VISIBILITY_TIMEOUT, POLLERS, WORKERS, EVENT_NAMESPACE,
      DELETE_LOCAL_DATA, EMIT_KUBERNETES_EVENTS, ENABLE_PROMETHEUS_SERVER, ENABLE_SQS_TERMINATION_DRAINING,
      IGNORE_DAEMON_SETS, JSON_LOGGING, LOG_LEVEL, NODE_NAME,
      NODE_CREDENTIAL_ADDRESS, NODE_CREDENTIAL_ROLE_NAMES));

  private RunFlags() {
  }
}
