package io.spotkube.runtime.cli;

import io.spotkube.runtime.draining.ActionPolicy;
import io.spotkube.runtime.draining.handler.DrainingConfig;
import io.spotkube.runtime.flags.Flag;
import io.spotkube.runtime.flags.FlagValues;
import io.spotkube.runtime.flags.RunFlags;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The draining service's settings for {@code run}, from its parsed flags (the interruption
 * handler's rows of {@link RunFlags}: flag, else the upstream handler's environment variable, else
 * the default; docs/flags.md). The region and endpoint are {@code run}'s, shared with the
 * autoscaler (adapters.aws.AwsClients).
 *
 * @param queueUrl the interruption queue; null = no draining service
 * @param webhookUrl null = no webhook
 * @param emitEvents record Kubernetes Events ({@code --emit-kubernetes-events})
 * @param dryRun log every write instead of making it ({@code --dry-run}, {@link DryRun})
 * @param sqsDisabled {@code --enable-sqs-termination-draining=false} turned a set queue URL off
 */
record DrainingOptions(String queueUrl, int receiveWaitSeconds, DrainingConfig config, URI webhookUrl,
    String webhookTemplate, String eventNamespace, boolean emitEvents, boolean dryRun, boolean sqsDisabled) {

  static DrainingOptions from(FlagValues values) {
    ActionPolicy policy = new ActionPolicy(
        values.get(RunFlags.ENABLE_SPOT_INTERRUPTION_DRAINING),
        values.get(RunFlags.ENABLE_SCHEDULED_EVENT_DRAINING),
        values.get(RunFlags.ENABLE_REBALANCE_MONITORING),
        values.get(RunFlags.ENABLE_REBALANCE_DRAINING),
        values.get(RunFlags.CORDON_ONLY),
        ActionPolicy.defaults().completeLaunchLifecycle());
    String taintEffect = values.get(RunFlags.TAINT_EFFECT);
    if (!Set.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(taintEffect)) {
      throw new UsageException("--taint-effect/TAINT_EFFECT: '" + taintEffect
          + "' is not NoSchedule, PreferNoSchedule or NoExecute");
    }
    // The drain engine leaves DaemonSet pods and evicts pods with emptyDir: upstream's defaults, the only
    // behaviour here. Their "false" would refuse such drains (kubectl's meaning); refused rather than ignored.
    onlyTrue(values, RunFlags.IGNORE_DAEMON_SETS, "DaemonSet pods always stay on a drained node");
    onlyTrue(values, RunFlags.DELETE_LOCAL_DATA, "pods with emptyDir volumes are always evicted");
    int podGrace = values.get(RunFlags.POD_TERMINATION_GRACE_PERIOD);
    // 0: renew to the queue's own visibility timeout (read with GetQueueAttributes).
    int visibilityTimeout = values.get(RunFlags.MESSAGE_VISIBILITY_TIMEOUT);
    DrainingConfig config = DrainingConfig.builder()
        .nodeGracePeriod(Duration.ofSeconds(values.get(RunFlags.NODE_TERMINATION_GRACE_PERIOD)))
        .podGracePeriodSeconds(podGrace < 0 ? null : (long) podGrace)
        .taintNode(values.get(RunFlags.TAINT_NODE))
        .taintEffect(taintEffect)
        .actionPolicy(policy)
        .checkTagBeforeDraining(values.get(RunFlags.CHECK_TAG_BEFORE_DRAINING))
        .managedTag(values.get(RunFlags.MANAGED_TAG))
        .deleteMessageIfNodeNotFound(values.get(RunFlags.DELETE_SQS_MSG_IF_NODE_NOT_FOUND))
        .deleteSetAsideMessages(values.get(RunFlags.DELETE_INVALID_MESSAGES))
        .excludeFromLoadBalancers(values.get(RunFlags.EXCLUDE_FROM_LOAD_BALANCERS))
        .pollers(values.get(RunFlags.POLLERS))
        .workers(values.get(RunFlags.WORKERS))
        .heartbeatInterval(Duration.ofSeconds(values.get(RunFlags.HEARTBEAT_INTERVAL)))
        .visibilityTimeout(visibilityTimeout == 0 ? null : Duration.ofSeconds(visibilityTimeout))
        .build();
    // Upstream reads the queue only when this is true; false there means IMDS mode, which is not here.
    boolean sqs = values.get(RunFlags.ENABLE_SQS_TERMINATION_DRAINING);
    String queueUrl = values.get(RunFlags.QUEUE_URL);
    return new DrainingOptions(
        sqs ? queueUrl : null,
        values.get(RunFlags.RECEIVE_WAIT_SECONDS),
        config,
        values.get(RunFlags.WEBHOOK_URL),
        values.get(RunFlags.WEBHOOK_TEMPLATE),
        values.get(RunFlags.EVENT_NAMESPACE),
        values.get(RunFlags.EMIT_KUBERNETES_EVENTS),
        values.get(RunFlags.DRY_RUN),
        !sqs && queueUrl != null);
  }

  private static void onlyTrue(FlagValues values, Flag<Boolean> flag, String why) {
    if (!values.get(flag)) {
      throw new UsageException(values.source(flag) + ": false is not supported: " + why);
    }
  }
}
