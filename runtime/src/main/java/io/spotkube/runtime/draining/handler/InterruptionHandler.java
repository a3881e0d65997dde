package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.draining.ActionSelector;
import io.spotkube.runtime.draining.DrainAction;
import io.spotkube.runtime.draining.DrainPlanner;
import io.spotkube.runtime.draining.InterruptionEvent;
import io.spotkube.runtime.draining.InterruptionEvent.Invalid;
import io.spotkube.runtime.draining.InterruptionMessageParser;
import io.spotkube.runtime.draining.LifecycleAction;
import io.spotkube.runtime.draining.TaintKeys;
import io.spotkube.runtime.ports.ClusterApi;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.ports.InstanceLookup;
import io.spotkube.runtime.ports.InterruptionQueue;
import io.spotkube.runtime.ports.LifecycleActions;
import io.spotkube.runtime.ports.NodeInfo;
import io.spotkube.runtime.ports.NodeTaint;
import io.spotkube.runtime.ports.QueueMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one queue message: parse, choose the action per event, act through the ports, and delete
 * the message only when every event's work succeeded (or was set aside). Everything runs on the
 * given executors as short steps, so a thousand drains waiting on pods do not hold a thousand threads:
 * {@code executor} takes messages up to the cordon, {@code drainExecutor} the evictions, so that a
 * burst of drains never delays the next cordon.
 */
final class InterruptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(InterruptionHandler.class);
  static final String EXCLUDE_FROM_LB_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

  private final DrainingConfig config;
  private final InterruptionQueue queue;
  private final ClusterApi cluster;
  private final InstanceLookup instances;
  private final LifecycleActions lifecycle;
  private final java.util.concurrent.ExecutorService executor;
  private final ScheduledExecutorService drainExecutor;
  private final Clock clock;
  private final DrainingMetrics metrics;
  private final Notifier notifier;
  private final DrainingListener listener;
  private final InterruptionMessageParser parser = new InterruptionMessageParser();
  private final ActionSelector selector;
  private final DrainPlanner planner;
  private final DrainRegistry drains;
  private final CordonPriority priority = new CordonPriority();
  private final NodeEvents events;
  private final java.util.concurrent.atomic.AtomicReference<Duration> visibilityTimeout =
      new java.util.concurrent.atomic.AtomicReference<>();

  InterruptionHandler(DrainingConfig config, InterruptionQueue queue, ClusterApi cluster, InstanceLookup instances,
      LifecycleActions lifecycle, java.util.concurrent.ExecutorService executor, ScheduledExecutorService drainExecutor,
      Clock clock, DrainingMetrics metrics,
      Notifier notifier, DrainingListener listener) {
    this.config = config;
    this.queue = queue;
    this.cluster = cluster;
    this.instances = instances;
    this.lifecycle = lifecycle;
    this.executor = executor;
    this.drainExecutor = drainExecutor;
    this.clock = clock;
    this.metrics = metrics;
    this.notifier = notifier;
    this.listener = listener;
    this.selector = new ActionSelector(config.actionPolicy());
    this.planner = new DrainPlanner(config.podGracePeriodSeconds());
    this.drains = new DrainRegistry(clock, config.dedupeWindow());
    this.events = new NodeEvents(cluster, priority);
  }

  /** Stops posting Kubernetes Events. */
  void close() {
    events.close();
  }

  /** Completes when the message is deleted or deliberately kept; never completes exceptionally. */
  CompletableFuture<Void> handle(QueueMessage message) {
    metrics.messagesReceived.inc();
    ScheduledFuture<?> renewal = keepHidden(message);
    List<CompletableFuture<EventOutcome>> outcomes = parser.parse(message.body()).stream()
        .map(event -> handleEvent(event, message).exceptionally(failure -> {
          LOG.warn("message {}: {} for instance {} failed, the message stays for a retry: {}", message.messageId(),
              event.kind(), event.instanceId().orElse("-"), rootMessage(failure));
          return EventOutcome.retry("error");
        }))
        .toList();
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenRunAsync(() -> {
          renewal.cancel(false);
          finish(message, outcomes.stream().map(CompletableFuture::join).toList());
        }, executor)
        .exceptionally(failure -> {
          renewal.cancel(false);
          LOG.warn("message {}: {}", message.messageId(), rootMessage(failure));
          return null;
        });
  }

  /**
   * Renews the message's visibility every third of the timeout while its work lasts: a drain bounded
   * by a node grace period (or heartbeated lifecycle hook) longer than the queue's visibility timeout
   * would otherwise reappear and be drained again by another replica. If this replica dies, the
   * renewals stop and the message comes back within one timeout, as at-least-once needs.
   */
  private ScheduledFuture<?> keepHidden(QueueMessage message) {
    Duration timeout = visibilityTimeout();
    long period = Math.max(100, timeout.toMillis() / 3);
    return drainExecutor.scheduleAtFixedRate(() -> {
      try {
        queue.extendVisibility(message, timeout);
        metrics.visibilityExtensions.inc("ok");
      } catch (RuntimeException extendFailure) {
        metrics.visibilityExtensions.inc("error");
        LOG.warn("{}", extendFailure.getMessage());
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /** The configured timeout, else the queue's own (read once), else the SQS default of 30 s. */
  private Duration visibilityTimeout() {
    Duration known = visibilityTimeout.get();
    if (known == null) {
      known = Optional.ofNullable(config.visibilityTimeout()).or(queue::visibilityTimeout)
          .orElse(Duration.ofSeconds(30));
      if (visibilityTimeout.compareAndSet(null, known)) {
        LOG.info("messages in work are kept hidden for {} s, renewed every third of it", known.toSeconds());
      }
    }
    return known;
  }

  private void finish(QueueMessage message, List<EventOutcome> outcomes) {
    Optional<EventOutcome> blocking = outcomes.stream().filter(outcome -> !outcome.deletable()).findFirst();
    if (blocking.isPresent()) {
      metrics.messagesKept.inc(blocking.get().reason());
      LOG.info("message {} kept for a retry after its visibility timeout: {}", message.messageId(), blocking.get().reason());
      return;
    }
    try {
      queue.delete(message);
      metrics.messagesDeleted.inc();
      listener.messageDeleted(message.messageId());
    } catch (RuntimeException deleteFailure) {
      metrics.messagesKept.inc("delete_failed");
      LOG.warn("message {}: {}", message.messageId(), deleteFailure.getMessage());
    }
  }

  private CompletableFuture<EventOutcome> handleEvent(InterruptionEvent event, QueueMessage message) {
    metrics.events.inc(event.kind().name());
    DrainAction action = selector.select(event);
    if (event instanceof Invalid invalid) {
      LOG.warn("message {} set aside: {}", message.messageId(), invalid.error());
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
    CompletableFuture<Target> resolved = CompletableFuture.supplyAsync(() -> resolve(instanceId), executor);
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
    if (!target.ours()) {
      LOG.info("instance {} lacks the managed tag {}: not ours", instanceId, config.managedTag());
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
      if (instances.describe(instanceId).map(InstanceInfo::gone).orElse(true)) {
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
    NodeInfo node = target.node().get();
    cordon(event, node, message);
    if (!action.evicts()) {
      lifecycleAction.filter(unused -> action.completesLifecycle()).ifPresent(this::completeLifecycle);
      notify(event, node.name(), action, "cordoned");
      return CompletableFuture.completedFuture(recordAction(action, "cordoned"));
    }
    ScheduledFuture<?> heartbeat = lifecycleAction.map(this::startHeartbeat).orElse(null);
    return drains.drain(instanceId, () -> startDrain(instanceId, node.name(), event))
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
        }, drainExecutor);
  }

  private Target resolve(String instanceId) {
    InstanceInfo instance = null;
    if (config.checkTagBeforeDraining()) {
      instance = instances.describe(instanceId).orElse(null);
      if (instance == null || !instance.tags().containsKey(config.managedTag())) {
        return new Target(false, null);
      }
    }
    Optional<NodeInfo> node = cluster.nodeForInstance(instanceId);
    if (node.isEmpty()) {
      // Nodes without a provider ID (or a foreign one) are found by the instance's private DNS name.
      InstanceInfo described = instance != null ? instance : instances.describe(instanceId).orElse(null);
      if (described != null && described.privateDnsName() != null && !described.privateDnsName().isEmpty()) {
        node = cluster.nodeNamed(described.privateDnsName());
      }
    }
    return new Target(true, node.orElse(null));
  }

  private void cordon(InterruptionEvent event, NodeInfo node, QueueMessage message) {
    Optional<NodeTaint> taint = config.taintNode()
        ? TaintKeys.keyFor(event.kind()).map(key -> new NodeTaint(key, TaintKeys.valueFor(event.eventId().orElse(null)),
            config.taintEffect()))
        : Optional.empty();
    Map<String, String> labels = config.excludeFromLoadBalancers() ? Map.of(EXCLUDE_FROM_LB_LABEL, "true") : Map.of();
    cluster.cordon(node.name(), taint, labels);
    Instant cordonedAt = clock.instant();
    if (message.sentAt() != null) {
      metrics.messageToCordon.observe(Math.max(0, Duration.between(message.sentAt(), cordonedAt).toMillis()) / 1000.0);
    }
    listener.cordoned(event.instanceId().orElse(null), node.name(), message.sentAt(), cordonedAt);
    events.record(node.name(), "Cordon", event.kind() + " for instance " + event.instanceId().orElse("-")
        + " (event " + event.eventId().orElse("-") + "): node cordoned", false);
    LOG.info("cordoned node={} instance={} kind={} event={}", node.name(), event.instanceId().orElse("-"),
        event.kind(), event.eventId().orElse("-"));
  }

  private CompletableFuture<DrainOutcome> startDrain(String instanceId, String nodeName, InterruptionEvent event) {
    NodeDrain drain = new NodeDrain(cluster, planner, metrics, nodeName, clock.instant(), config.nodeGracePeriod());
    CompletableFuture<DrainOutcome> result = new CompletableFuture<>();
    drainExecutor.execute(() -> step(drain, result));
    return result.thenApply(outcome -> {
      metrics.drainDuration.observe(outcome.took().toMillis() / 1000.0);
      listener.drained(instanceId, outcome);
      if (outcome.drained()) {
        events.record(nodeName, "Drained", "all evictable pods are gone (" + event.kind() + ")", false);
        LOG.info("drained node={} instance={} took={}ms", nodeName, instanceId, outcome.took().toMillis());
      } else {
        metrics.drainTimeouts.inc();
        String left = String.join(", ", outcome.remainingPods().stream().limit(10).toList());
        events.record(nodeName, "DrainTimedOut", "node grace period " + config.nodeGracePeriod().toSeconds()
            + "s ended with " + outcome.remainingPods().size() + " pod(s) left: " + left
            + "; the node stays cordoned", true);
        LOG.warn("drain of node={} instance={} timed out; pods left: {}", nodeName, instanceId, left);
      }
      return outcome;
    });
  }

  private void step(NodeDrain drain, CompletableFuture<DrainOutcome> result) {
    Instant now = clock.instant();
    Duration left = Duration.between(now, drain.deadline());
    if (priority.cordonsPending() && left.compareTo(config.nodeGracePeriod().dividedBy(2)) > 0) {
      // Cordons first (see CordonPriority), for at most half the grace period.
      drainExecutor.schedule(() -> step(drain, result), 20, TimeUnit.MILLISECONDS);
      return;
    }
    boolean done = false;
    try {
      done = drain.step(now);
    } catch (RuntimeException stepFailure) {
      LOG.warn("drain of node {}: {}; retrying", drain.nodeName(), stepFailure.getMessage());
    }
    if (done || !now.isBefore(drain.deadline())) {
      result.complete(new DrainOutcome(drain.nodeName(), done, done ? List.of() : drain.remaining(),
          Duration.between(drain.started(), now)));
      return;
    }
    long delay = Math.min(config.drainPollInterval().toMillis(),
        Math.max(1, Duration.between(now, drain.deadline()).toMillis()));
    drainExecutor.schedule(() -> step(drain, result), delay, TimeUnit.MILLISECONDS);
  }

  private ScheduledFuture<?> startHeartbeat(LifecycleAction action) {
    long period = config.heartbeatInterval().toMillis();
    return drainExecutor.scheduleAtFixedRate(() -> {
      try {
        lifecycle.heartbeat(action);
        metrics.lifecycleCalls.inc("heartbeat", "ok");
      } catch (RuntimeException heartbeatFailure) {
        metrics.lifecycleCalls.inc("heartbeat", "error");
        LOG.warn("lifecycle heartbeat for {}: {}", action.instanceId(), heartbeatFailure.getMessage());
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  private void completeLifecycle(LifecycleAction action) {
    try {
      lifecycle.complete(action, "CONTINUE");
      metrics.lifecycleCalls.inc("complete", "ok");
      LOG.info("completed lifecycle action group={} hook={} instance={}", action.autoScalingGroup(), action.hookName(),
          action.instanceId());
    } catch (RuntimeException completeFailure) {
      metrics.lifecycleCalls.inc("complete", "error");
      throw completeFailure;
    }
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

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause != cause.getCause()) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** The instance's node (null when none) and whether the instance is ours to act on. */
  private record Target(boolean ours, NodeInfo nodeOrNull) {
    Optional<NodeInfo> node() {
      return Optional.ofNullable(nodeOrNull);
    }
  }
}
