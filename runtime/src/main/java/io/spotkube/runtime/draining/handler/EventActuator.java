package io.spotkube.runtime.draining.handler;

import io.spotkube.contract.EksManagedNodeGroupTags;
import io.spotkube.runtime.draining.ActionSelector;
import io.spotkube.runtime.draining.DrainAction;
import io.spotkube.runtime.draining.InterruptionEvent.Invalid;
import io.spotkube.runtime.draining.InterruptionEvent;
import io.spotkube.runtime.draining.InterruptionKind;
import io.spotkube.runtime.draining.LifecycleAction;
import io.spotkube.runtime.draining.TaintKeys;
import io.spotkube.runtime.identity.IdentityVerdict;
import io.spotkube.runtime.identity.NodeIdentity;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.ports.LifecycleActions;
import io.spotkube.runtime.ports.QueueMessage;
import io.spotkube.runtime.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one interruption event: the action the {@link ActionSelector} chose, on the node of
 * the event's instance (found in the cache by provider ID, else by the instance's private DNS
 * name, and only when EC2 vouches for that node: {@link NodeIdentity}): cordon (with the upstream handler's taint and labels), drain through the
 * {@link DrainScheduler}, lifecycle heartbeats while it lasts and completion after, a webhook
 * notification. Returns what became of the event, so the message is deleted or kept.
 */
final class EventActuator {

  private static final Logger LOG = LoggerFactory.getLogger(EventActuator.class);
  static final String EXCLUDE_FROM_LB_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";
  /** The set-aside reason of a rebalance recommendation left to EKS. */
  static final String EKS_MANAGED_REBALANCE = "eks_managed_rebalance";

  private final DrainingConfig config;
  private final ClusterView cluster;
  private final ClusterWriter writer;
  private final NodeIdentity identity;
  private final LifecycleActions lifecycle;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final DrainingMetrics metrics;
  private final Notifier notifier;
  private final DrainingListener listener;
  private final ActionSelector selector;
  private final CordonPriority priority;
  private final NodeEvents events;
  private final DrainScheduler drains;

  EventActuator(DrainingConfig config, ClusterView cluster, ClusterWriter writer, NodeIdentity identity,
      LifecycleActions lifecycle, Executor executor, ScheduledExecutorService scheduler, Clock clock,
      DrainingMetrics metrics, Notifier notifier, DrainingListener listener, CordonPriority priority,
      NodeEvents events, DrainScheduler drains) {
    this.config = config;
    this.cluster = cluster;
    this.writer = writer;
    this.identity = identity;
    this.lifecycle = lifecycle;
    this.executor = executor;
    this.scheduler = scheduler;
    this.clock = clock;
    this.metrics = metrics;
    this.notifier = notifier;
    this.listener = listener;
    this.selector = new ActionSelector(config.actionPolicy());
    this.priority = priority;
    this.events = events;
    this.drains = drains;
  }

  /** Whether the event leads to an action on its instance (then EC2 is asked about the instance). */
  boolean acts(InterruptionEvent event) {
    return !(event instanceof Invalid) && event.instanceId().isPresent() && selector.select(event) != DrainAction.NONE;
  }

  /**
   * EC2's answer on every instance of one message, in one batched call (a Health event may name a
   * thousand): absent instances are unknown to EC2.
   */
  Map<String, InstanceInfo> lookup(Collection<String> instanceIds) {
    return identity.lookup(instanceIds);
  }

  /**
   * Never completes exceptionally with a set-aside; failures complete exceptionally (the message is kept).
   *
   * @param instances EC2's answer on the message's instances ({@link #lookup}), once it is there
   */
  CompletableFuture<EventOutcome> handle(InterruptionEvent event, QueueMessage message,
      CompletableFuture<Map<String, InstanceInfo>> instances) {
    metrics.events.inc(event.kind().name());
    DrainAction action = selector.select(event);
    if (event instanceof Invalid invalid) {
      LOG.warn("message {} set aside: {}", message.messageId(), SafeText.escape(invalid.error()));
      return CompletableFuture.completedFuture(setAside("invalid"));
    }
    if (action == DrainAction.NONE || event.instanceId().isEmpty()) {
      LOG.info("message {}: {} needs no action", message.messageId(), event.kind());
      return CompletableFuture.completedFuture(setAside("ignored"));
    }
    String instanceId = event.instanceId().get();
    boolean cordons = action.cordons();
    if (cordons) {
      priority.begin();
    }
    CompletableFuture<Target> resolved = instances.thenApplyAsync(known -> resolve(instanceId, known.get(instanceId)),
        executor);
    if (cordons) {
      resolved.whenComplete((target, failure) -> {
        if (failure != null) {
          priority.end();
        }
      });
    }
    return resolved.thenCompose(target -> {
      try {
        return act(event, action, instanceId, target, message);
      } finally {
        if (cordons) {
          priority.end(); // act returns once the node is cordoned (or known not to need it)
        }
      }
    });
  }

  private CompletableFuture<EventOutcome> act(InterruptionEvent event, DrainAction action, String instanceId,
      Target target, QueueMessage message) {
    Optional<LifecycleAction> lifecycleAction = event.lifecycleAction();
    if (event.kind() == InterruptionKind.REBALANCE_RECOMMENDATION && target.instance() != null
        && target.instance().tags().containsKey(EksManagedNodeGroupTags.NODEGROUP_NAME)) {
      // EKS launches a replacement for a managed group's node on a rebalance recommendation and then
      // drains it itself; a second drain here would only race it (upstream's handler docs: not for
      // managed groups). Its Spot interruption warning is still handled below.
      LOG.info("instance {} is in EKS managed node group {}: its rebalance recommendation is left to EKS",
          instanceId, loggable(target.instance().tags().get(EksManagedNodeGroupTags.NODEGROUP_NAME)));
      return CompletableFuture.completedFuture(setAside(EKS_MANAGED_REBALANCE));
    }
    if (!target.ours()) {
      LOG.info("instance {} is not ours: {}", instanceId, target.whyNot());
      if (target.instance() != null) {
        identity.refusedAction("drain");
      }
      return CompletableFuture.completedFuture(setAside("not_ours"));
    }
    if (action == DrainAction.COMPLETE_WHEN_READY) {
      if (target.node().isPresent() && target.node().get().ready()) {
        completeLifecycle(lifecycleAction.orElseThrow());
        return CompletableFuture.completedFuture(recordAction(action, "completed"));
      }
      // An instance terminated before its node was Ready (scaled in, or its launch abandoned at the
      // hook's timeout) has no action left to complete: retrying would hold the message until the
      // dead-letter queue. Found by the deployed story.
      if (target.instance() == null || target.instance().gone()) {
        LOG.info("instance {} is gone before its node was Ready: nothing to let in", instanceId);
        return CompletableFuture.completedFuture(setAside("instance_gone"));
      }
      return CompletableFuture.completedFuture(EventOutcome.retry("node_not_ready"));
    }
    if (target.node().isEmpty()) {
      LOG.info("no node for instance {} ({})", instanceId, event.kind());
      // A terminating instance outside the cluster still waits on its hook: let it go.
      lifecycleAction.filter(unused -> action.completesLifecycle()).ifPresent(this::completeLifecycle);
      return CompletableFuture.completedFuture(setAside("node_not_found", config.deleteMessageIfNodeNotFound()));
    }
    Node node = target.node().get();
    cordon(event, node, message);
    if (!action.evicts()) {
      lifecycleAction.filter(unused -> action.completesLifecycle()).ifPresent(this::completeLifecycle);
      notify(event, node.name(), action, "cordoned");
      return CompletableFuture.completedFuture(recordAction(action, "cordoned"));
    }
    ScheduledFuture<?> heartbeat = lifecycleAction.map(this::startHeartbeat).orElse(null);
    return drains.drain(instanceId, node.name(), event)
        .whenComplete((outcome, failure) -> {
          if (heartbeat != null) {
            heartbeat.cancel(false);
          }
        })
        .thenApplyAsync(outcome -> {
          if (!outcome.drained()) {
            notify(event, node.name(), action, "drain-timed-out");
            return EventOutcome.retry("drain_timed_out");
          }
          lifecycleAction.filter(unused -> action.completesLifecycle()).ifPresent(this::completeLifecycle);
          notify(event, node.name(), action, "drained");
          return recordAction(action, "drained");
        }, scheduler);
  }

  /**
   * Whether the instance is ours and its node. Ours: EC2 knows it, it carries this cluster's ownership
   * tags (when the cluster is known) and the managed tag (when checked). Its node: the one whose
   * provider ID names it, unless EC2 refuses that node's identity (a node claiming another's
   * instance); else the node named as EC2 names the instance (nodes without a provider ID), only for
   * an instance shown to be ours, and again only when EC2 does not refuse it.
   */
  private Target resolve(String instanceId, InstanceInfo instance) {
    if (instance == null) {
      return new Target(false, null, null, "EC2 does not know it");
    }
    if (!identity.owns(instance)) {
      return new Target(false, null, instance, "it lacks the cluster's ownership tags");
    }
    boolean managed = instance.tags().containsKey(config.managedTag());
    if (config.checkTagBeforeDraining() && !managed) {
      return new Target(false, null, instance, "it lacks the managed tag " + config.managedTag());
    }
    Optional<Node> byProviderId = cluster.nodeForInstance(instanceId);
    if (byProviderId.isPresent() && !refused(byProviderId.get(), instance)) {
      return new Target(true, byProviderId.get(), instance, "");
    }
    // The fallback by name is scoped to instances shown to be this cluster's (ownership tags, or the
    // managed tag): a VPC of another cluster may reuse the same addresses, hence the same DNS names.
    boolean scoped = identity.checksOwnership() || (config.checkTagBeforeDraining() && managed);
    Optional<Node> byName = Optional.empty();
    if (scoped && instance.privateDnsName() != null && !instance.privateDnsName().isEmpty()) {
      byName = cluster.node(instance.privateDnsName())
          .filter(node -> node.instanceId().map(instanceId::equals).orElse(true))
          .filter(node -> !refused(node, instance));
    }
    return new Target(true, byName.orElse(null), instance, "");
  }

  /**
   * Whether EC2 refuses the node's claim to the instance. A node whose check is only pending (no
   * InternalIP yet, the instance shutting down) is still drained: its name is the instance's.
   */
  private boolean refused(Node node, InstanceInfo instance) {
    IdentityVerdict verdict = identity.verify(node, instance);
    if (verdict.status() == IdentityVerdict.Status.REFUSED) {
      identity.refusedAction("drain");
      return true;
    }
    return false;
  }

  private void cordon(InterruptionEvent event, Node node, QueueMessage message) {
    Optional<Taint> taint = config.taintNode()
        ? TaintKeys.keyFor(event.kind()).map(key -> new Taint(key, TaintKeys.valueFor(event.eventId().orElse(null)),
            config.taintEffect()))
        : Optional.empty();
    Map<String, String> labels = config.excludeFromLoadBalancers() ? Map.of(EXCLUDE_FROM_LB_LABEL, "true") : Map.of();
    writer.cordon(node.name(), taint, labels);
    Instant cordonedAt = clock.instant();
    if (message.sentAt() != null) {
      metrics.messageToCordon.observe(Math.max(0, Duration.between(message.sentAt(), cordonedAt).toMillis()) / 1000.0);
    }
    listener.cordoned(event.instanceId().orElse(null), node.name(), message.sentAt(), cordonedAt);
    events.record(node.name(), "Cordon", event.kind() + " for instance " + event.instanceId().orElse("-")
        + " (event " + loggable(event.eventId().orElse("-")) + "): node cordoned", false);
    LOG.info("cordoned node={} instance={} kind={} event={}", node.name(), event.instanceId().orElse("-"),
        event.kind(), loggable(event.eventId().orElse("-")));
  }

  private ScheduledFuture<?> startHeartbeat(LifecycleAction action) {
    long period = config.heartbeatInterval().toMillis();
    return scheduler.scheduleAtFixedRate(() -> {
      try {
        lifecycle.heartbeat(action);
        metrics.lifecycleCalls.inc("heartbeat", "ok");
      } catch (RuntimeException heartbeatFailure) {
        metrics.lifecycleCalls.inc("heartbeat", "error");
        LOG.warn("lifecycle heartbeat for {}: {}", action.instanceId(), loggable(heartbeatFailure.getMessage()));
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  private void completeLifecycle(LifecycleAction action) {
    try {
      lifecycle.complete(action, "CONTINUE");
      metrics.lifecycleCalls.inc("complete", "ok");
      LOG.info("completed lifecycle action group={} hook={} instance={}", loggable(action.autoScalingGroup()),
          loggable(action.hookName()), action.instanceId());
    } catch (RuntimeException completeFailure) {
      metrics.lifecycleCalls.inc("complete", "error");
      throw completeFailure;
    }
  }

  /**
   * Text from the message body (event ids, group and hook names; instance ids are checked for shape
   * by the parser) as it may be logged: one line, bounded. The unescaped value still goes to AWS.
   */
  static String loggable(String fromMessage) {
    return SafeText.quote(fromMessage, 300);
  }

  private EventOutcome setAside(String reason) {
    return setAside(reason, config.deleteSetAsideMessages());
  }

  private EventOutcome setAside(String reason, boolean delete) {
    metrics.messagesSetAside.inc(reason);
    return new EventOutcome(delete, reason);
  }

  private EventOutcome recordAction(DrainAction action, String result) {
    metrics.actions.inc(action.name(), result);
    return EventOutcome.done();
  }

  private void notify(InterruptionEvent event, String nodeName, DrainAction action, String result) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("EventID", event.eventId().orElse(""));
    fields.put("Kind", event.kind().name());
    fields.put("InstanceID", event.instanceId().orElse(""));
    fields.put("NodeName", nodeName);
    fields.put("Action", action.name());
    fields.put("Result", result);
    fields.put("StartTime", event.startTime().map(Object::toString).orElse(""));
    fields.put("Description", event.kind() + " on " + nodeName + ": " + result);
    notifier.notify(fields);
  }

  /**
   * The instance's node (null when none), whether the instance is ours to act on, and what EC2 said
   * of it when it was asked (null when not): asked once per event.
   */
  private record Target(boolean ours, Node nodeOrNull, InstanceInfo instance, String whyNot) {
    Optional<Node> node() {
      return Optional.ofNullable(nodeOrNull);
    }
  }
}
