package io.spotkube.runtime.cli;

import io.spotkube.runtime.draining.ActionPolicy;
import io.spotkube.runtime.draining.handler.DrainingConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The draining service's settings for {@code run}: flags, else the upstream handler's environment
 * variables, else defaults (docs/draining.md lists them).
 *
 * @param queueUrl the interruption queue; null = no draining service
 * @param awsEndpoint endpoint override for SQS, EC2 and Auto Scaling (local testing); null = AWS
 * @param webhookUrl null = no webhook
 */
record DrainingOptions(String queueUrl, String region, URI awsEndpoint, int receiveWaitSeconds, DrainingConfig config,
    URI webhookUrl, String webhookTemplate, String eventNamespace) {

  static final Set<String> FLAGS = Set.of("--queue-url", "--aws-region", "--aws-endpoint", "--receive-wait-seconds",
      "--node-termination-grace-period", "--pod-termination-grace-period", "--taint-node", "--taint-effect",
      "--cordon-only", "--enable-rebalance-draining", "--enable-rebalance-monitoring",
      "--enable-spot-interruption-draining", "--enable-scheduled-event-draining", "--check-tag-before-draining",
      "--managed-tag", "--delete-sqs-msg-if-node-not-found", "--delete-invalid-messages",
      "--exclude-from-load-balancers", "--webhook-url", "--webhook-template", "--pollers", "--workers",
      "--heartbeat-interval", "--event-namespace", "--message-visibility-timeout");

  static DrainingOptions from(Settings settings) {
    DrainingConfig defaults = DrainingConfig.builder().build();
    ActionPolicy policyDefaults = ActionPolicy.defaults();
    ActionPolicy policy = new ActionPolicy(
        settings.bool("--enable-spot-interruption-draining", policyDefaults.spotInterruptionDraining(),
            "ENABLE_SPOT_INTERRUPTION_DRAINING"),
        settings.bool("--enable-scheduled-event-draining", policyDefaults.scheduledEventDraining(),
            "ENABLE_SCHEDULED_EVENT_DRAINING"),
        settings.bool("--enable-rebalance-monitoring", policyDefaults.rebalanceMonitoring(), "ENABLE_REBALANCE_MONITORING"),
        settings.bool("--enable-rebalance-draining", policyDefaults.rebalanceDraining(), "ENABLE_REBALANCE_DRAINING"),
        settings.bool("--cordon-only", policyDefaults.cordonOnly(), "CORDON_ONLY"),
        policyDefaults.completeLaunchLifecycle());
    long podGrace = settings.integer("--pod-termination-grace-period", -1, -1, "POD_TERMINATION_GRACE_PERIOD");
    String taintEffect = settings.text("--taint-effect", defaults.taintEffect(), "TAINT_EFFECT");
    if (!Set.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(taintEffect)) {
      throw new UsageException("--taint-effect/TAINT_EFFECT: '" + taintEffect
          + "' is not NoSchedule, PreferNoSchedule or NoExecute");
    }
    // 0: renew to the queue's own visibility timeout (read with GetQueueAttributes).
    long visibilityTimeout = settings.integer("--message-visibility-timeout", 0, 0, "MESSAGE_VISIBILITY_TIMEOUT");
    DrainingConfig config = DrainingConfig.builder()
        .nodeGracePeriod(Duration.ofSeconds(settings.integer("--node-termination-grace-period",
            defaults.nodeGracePeriod().toSeconds(), 1, "NODE_TERMINATION_GRACE_PERIOD")))
        .podGracePeriodSeconds(podGrace < 0 ? null : podGrace)
        .taintNode(settings.bool("--taint-node", defaults.taintNode(), "TAINT_NODE"))
        .taintEffect(taintEffect)
        .actionPolicy(policy)
        .checkTagBeforeDraining(settings.bool("--check-tag-before-draining", defaults.checkTagBeforeDraining(),
            "CHECK_TAG_BEFORE_DRAINING", "CHECK_ASG_TAG_BEFORE_DRAINING"))
        .managedTag(settings.text("--managed-tag", defaults.managedTag(), "MANAGED_TAG", "MANAGED_ASG_TAG"))
        .deleteMessageIfNodeNotFound(settings.bool("--delete-sqs-msg-if-node-not-found",
            defaults.deleteMessageIfNodeNotFound(), "DELETE_SQS_MSG_IF_NODE_NOT_FOUND"))
        .deleteSetAsideMessages(settings.bool("--delete-invalid-messages", defaults.deleteSetAsideMessages(),
            "DELETE_INVALID_MESSAGES"))
        .excludeFromLoadBalancers(settings.bool("--exclude-from-load-balancers", defaults.excludeFromLoadBalancers(),
            "EXCLUDE_FROM_LOAD_BALANCERS"))
        .pollers((int) settings.integer("--pollers", defaults.pollers(), 1, "QUEUE_POLLERS"))
        .workers((int) settings.integer("--workers", defaults.workers(), 1, "WORKERS"))
        .heartbeatInterval(Duration.ofSeconds(settings.integer("--heartbeat-interval",
            defaults.heartbeatInterval().toSeconds(), 1, "HEARTBEAT_INTERVAL")))
        .visibilityTimeout(visibilityTimeout == 0 ? null : Duration.ofSeconds(visibilityTimeout))
        .build();
    return new DrainingOptions(
        settings.text("--queue-url", null, "QUEUE_URL"),
        settings.text("--aws-region", null, "AWS_REGION", "AWS_DEFAULT_REGION"),
        settings.sourced("--aws-endpoint", "AWS_ENDPOINT_URL").map(setting -> uri(setting)).orElse(null),
        (int) settings.integer("--receive-wait-seconds", 20, 0, "QUEUE_RECEIVE_WAIT_SECONDS"),
        config,
        settings.sourced("--webhook-url", "WEBHOOK_URL").map(setting -> uri(setting)).orElse(null),
        settings.text("--webhook-template", null, "WEBHOOK_TEMPLATE"),
        settings.text("--event-namespace", "default", "EVENT_NAMESPACE"));
  }

  private static URI uri(Settings.Sourced setting) {
    try {
      URI uri = URI.create(setting.value());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new UsageException(setting.source() + ": '" + setting.value() + "' is not a URL");
    }
  }
}
