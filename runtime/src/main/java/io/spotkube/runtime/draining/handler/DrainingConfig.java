package io.spotkube.runtime.draining.handler;

import io.spotkube.contract.TerminationHandlerTags;
import io.spotkube.runtime.draining.ActionPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the interruption handler (flags and the upstream handler's environment variables are
 * mapped onto these by the {@code run} command; see docs/draining.md).
 *
 * @param nodeGracePeriod the whole drain of one node is bounded by this [NODE_TERMINATION_GRACE_PERIOD]; default 120 s
 * @param podGracePeriodSeconds grace period given to every evicted pod; null = the pod's own
 *     [POD_TERMINATION_GRACE_PERIOD, -1 upstream]; default null
 * @param taintNode taint the node with the event's key before cordoning [TAINT_NODE]; default false
 * @param taintEffect NoSchedule, PreferNoSchedule or NoExecute [TAINT_EFFECT]; default NoSchedule
 * @param actionPolicy what each kind triggers (rebalance draining, cordon-only ...); default {@link ActionPolicy#defaults()}
 * @param checkTagBeforeDraining only act on instances carrying {@code managedTag} [CHECK_TAG_BEFORE_DRAINING]; default true
 * @param managedTag [MANAGED_TAG]; default {@code aws-node-termination-handler/managed}
 * @param deleteMessageIfNodeNotFound [DELETE_SQS_MSG_IF_NODE_NOT_FOUND]; default true (upstream: false)
 * @param deleteSetAsideMessages delete INVALID, IGNORED and not-ours messages (logged and counted); when false
 *     they stay for the queue's redrive policy; default true
 * @param excludeFromLoadBalancers label the node {@code node.kubernetes.io/exclude-from-external-load-balancers}
 *     [EXCLUDE_FROM_LOAD_BALANCERS]; default false
 * @param pollers threads long-polling the queue; default 2
 * @param workers threads taking messages up to the cordon, and as many again for evictions; default 16
 * @param maxInFlightMessages received but unfinished messages; pollers wait above it; default 1000
 * @param drainPollInterval how often a drain retries blocked evictions and checks pods are gone; default 1 s
 * @param heartbeatInterval how often a lifecycle hook is heartbeated while its node drains; default 30 s
 * @param dedupeWindow how long a finished drain of an instance answers later events for it; default 15 min
 * @param visibilityTimeout how long a message in work stays hidden from other consumers, renewed every
 *     third of it until the work ends [MESSAGE_VISIBILITY_TIMEOUT]; null = the queue's own visibility timeout
 */
public record DrainingConfig(Duration nodeGracePeriod, Long podGracePeriodSeconds, boolean taintNode,
    String taintEffect, ActionPolicy actionPolicy, boolean checkTagBeforeDraining, String managedTag,
    boolean deleteMessageIfNodeNotFound, boolean deleteSetAsideMessages, boolean excludeFromLoadBalancers,
    int pollers, int workers, int maxInFlightMessages, Duration drainPollInterval, Duration heartbeatInterval,
    Duration dedupeWindow, Duration visibilityTimeout) {

  public DrainingConfig {
    Objects.requireNonNull(nodeGracePeriod, "nodeGracePeriod");
    Objects.requireNonNull(actionPolicy, "actionPolicy");
    Objects.requireNonNull(managedTag, "managedTag");
    Objects.requireNonNull(drainPollInterval, "drainPollInterval");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(dedupeWindow, "dedupeWindow");
    positive("nodeGracePeriod", nodeGracePeriod);
    positive("drainPollInterval", drainPollInterval);
    positive("heartbeatInterval", heartbeatInterval);
    if (visibilityTimeout != null) {
      positive("visibilityTimeout", visibilityTimeout);
    }
    if (podGracePeriodSeconds != null && podGracePeriodSeconds < 0) {
      podGracePeriodSeconds = null;
    }
    if (!taintEffect.equals("NoSchedule") && !taintEffect.equals("PreferNoSchedule") && !taintEffect.equals("NoExecute")) {
      throw new IllegalArgumentException("taintEffect (" + taintEffect + ") must be NoSchedule, PreferNoSchedule or NoExecute");
    }
    atLeastOne("pollers", pollers);
    atLeastOne("workers", workers);
    atLeastOne("maxInFlightMessages", maxInFlightMessages);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().nodeGracePeriod(nodeGracePeriod).podGracePeriodSeconds(podGracePeriodSeconds)
        .taintNode(taintNode).taintEffect(taintEffect).actionPolicy(actionPolicy)
        .checkTagBeforeDraining(checkTagBeforeDraining).managedTag(managedTag)
        .deleteMessageIfNodeNotFound(deleteMessageIfNodeNotFound).deleteSetAsideMessages(deleteSetAsideMessages)
        .excludeFromLoadBalancers(excludeFromLoadBalancers).pollers(pollers).workers(workers)
        .maxInFlightMessages(maxInFlightMessages).drainPollInterval(drainPollInterval)
        .heartbeatInterval(heartbeatInterval).dedupeWindow(dedupeWindow).visibilityTimeout(visibilityTimeout);
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " (" + value + ") must be positive");
    }
  }

  private static void atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " (" + value + ") must be at least 1");
    }
  }

  /** Builder with the documented defaults. */
  public static final class Builder {
    private Duration nodeGracePeriod = Duration.ofSeconds(120);
    private Long podGracePeriodSeconds;
    private boolean taintNode;
    private String taintEffect = "NoSchedule";
    private ActionPolicy actionPolicy = ActionPolicy.defaults();
    private boolean checkTagBeforeDraining = true;
    private String managedTag = TerminationHandlerTags.MANAGED;
    private boolean deleteMessageIfNodeNotFound = true;
    private boolean deleteSetAsideMessages = true;
    private boolean excludeFromLoadBalancers;
    private int pollers = 2;
    private int workers = 16;
    private int maxInFlightMessages = 1000;
    private Duration drainPollInterval = Duration.ofSeconds(1);
    private Duration heartbeatInterval = Duration.ofSeconds(30);
    private Duration dedupeWindow = Duration.ofMinutes(15);
    private Duration visibilityTimeout;

    public Builder nodeGracePeriod(Duration value) { nodeGracePeriod = value; return this; }
    public Builder podGracePeriodSeconds(Long value) { podGracePeriodSeconds = value; return this; }
    public Builder taintNode(boolean value) { taintNode = value; return this; }
    public Builder taintEffect(String value) { taintEffect = value; return this; }
    public Builder actionPolicy(ActionPolicy value) { actionPolicy = value; return this; }
    public Builder checkTagBeforeDraining(boolean value) { checkTagBeforeDraining = value; return this; }
    public Builder managedTag(String value) { managedTag = value; return this; }
    public Builder deleteMessageIfNodeNotFound(boolean value) { deleteMessageIfNodeNotFound = value; return this; }
    public Builder deleteSetAsideMessages(boolean value) { deleteSetAsideMessages = value; return this; }
    public Builder excludeFromLoadBalancers(boolean value) { excludeFromLoadBalancers = value; return this; }
    public Builder pollers(int value) { pollers = value; return this; }
    public Builder workers(int value) { workers = value; return this; }
    public Builder maxInFlightMessages(int value) { maxInFlightMessages = value; return this; }
    public Builder drainPollInterval(Duration value) { drainPollInterval = value; return this; }
    public Builder heartbeatInterval(Duration value) { heartbeatInterval = value; return this; }
    public Builder dedupeWindow(Duration value) { dedupeWindow = value; return this; }
    public Builder visibilityTimeout(Duration value) { visibilityTimeout = value; return this; }

    public DrainingConfig build() {
      return new DrainingConfig(nodeGracePeriod, podGracePeriodSeconds, taintNode, taintEffect, actionPolicy,
          checkTagBeforeDraining, managedTag, deleteMessageIfNodeNotFound, deleteSetAsideMessages,
          excludeFromLoadBalancers, pollers, workers, maxInFlightMessages, drainPollInterval, heartbeatInterval,
          dedupeWindow, visibilityTimeout);
    }
  }
}
