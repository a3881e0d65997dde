package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.drain.Drainer;
import io.spotkube.runtime.identity.IdentityMetrics;
import io.spotkube.runtime.identity.NodeIdentity;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.EventRecorder;
import io.spotkube.runtime.ports.InstanceLookup;
import io.spotkube.runtime.ports.InterruptionQueue;
import io.spotkube.runtime.ports.LifecycleActions;
import io.spotkube.runtime.ports.QueueMessage;
import io.spotkube.runtime.service.DaemonThreads;
import io.spotkube.runtime.service.RuntimeService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interruption handler in queue mode: {@code pollers} threads long-poll the queue and hand each
 * message to the {@link InterruptionHandler}, at most {@code maxInFlightMessages} at a time. Several
 * replicas may run against one queue: cordon and eviction are idempotent, and a message is deleted
 * only after its work, so no leader is needed.
 */
public final class DrainingService implements RuntimeService {

  private static final Logger LOG = LoggerFactory.getLogger(DrainingService.class);
  private static final long RECEIVE_ERROR_BACKOFF_MILLIS = 1000;

  private final DrainingConfig config;
  private final InterruptionQueue queue;
  private final java.util.concurrent.ThreadPoolExecutor executor;
  private final ScheduledThreadPoolExecutor drainExecutor;
  private final InterruptionHandler handler;
  private final NodeEvents events;
  private final Semaphore inFlight;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicInteger inFlightCount = new AtomicInteger();
  private final List<Thread> pollers = new ArrayList<>();
  private final DrainingMetrics metrics;

  /** A handler that does not know its cluster: instances are not checked for ownership tags (see the other). */
  public DrainingService(DrainingConfig config, InterruptionQueue queue, ClusterView cluster, ClusterWriter writer,
      EventRecorder recorder, InstanceLookup instances, LifecycleActions lifecycle, Clock clock,
      MetricsRegistry registry, Notifier notifier, DrainingListener listener) {
    this(config, queue, cluster, writer, recorder, instances, null, lifecycle, clock, registry, notifier, listener);
  }

  /**
   * @param ownership the cluster's ownership tags: an instance without them is not acted on, and its
   *     node is not looked up by name; null when the cluster is unknown
   */
  public DrainingService(DrainingConfig config, InterruptionQueue queue, ClusterView cluster, ClusterWriter writer,
      EventRecorder recorder, InstanceLookup instances, ClusterOwnership ownership, LifecycleActions lifecycle,
      Clock clock, MetricsRegistry registry, Notifier notifier, DrainingListener listener) {
    this.config = config;
    this.queue = queue;
    this.metrics = new DrainingMetrics(registry);
    this.executor = new java.util.concurrent.ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.SECONDS,
        new java.util.concurrent.LinkedBlockingQueue<>(), DaemonThreads.named("draining-worker"));
    this.drainExecutor = new ScheduledThreadPoolExecutor(config.workers(), DaemonThreads.named("draining-evictor"));
    this.drainExecutor.setRemoveOnCancelPolicy(true);
    CordonPriority priority = new CordonPriority();
    this.events = new NodeEvents(recorder, priority);
    Drainer drainer = new Drainer(cluster, writer, drainExecutor, clock, config.drainPollInterval(),
        priority::cordonsPending, result -> metrics.evictions.inc(result));
    DrainScheduler drains = new DrainScheduler(drainer, config, clock, metrics, listener, events);
    NodeIdentity identity = new NodeIdentity(instances, ownership, recorder, new IdentityMetrics(registry), clock);
    EventActuator actuator = new EventActuator(config, cluster, writer, identity, lifecycle, executor, drainExecutor,
        clock, metrics, notifier, listener, priority, events, drains);
    MessageLease.Leases leases = new MessageLease.Leases(queue, drainExecutor, config.visibilityTimeout(), metrics,
        listener);
    this.handler = new InterruptionHandler(leases, actuator, executor, metrics);
    this.inFlight = new Semaphore(config.maxInFlightMessages());
    registry.gauge("spotkube_draining_messages_in_flight", "Messages received and not yet finished.", inFlightCount::get);
  }

  @Override
  public String name() {
    return "draining";
  }

  public DrainingMetrics metrics() {
    return metrics;
  }

  @Override
  public void start() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    ThreadFactory factory = DaemonThreads.named("draining-poller");
    for (int i = 0; i < config.pollers(); i++) {
      Thread poller = factory.newThread(this::poll);
      pollers.add(poller);
      poller.start();
    }
    LOG.info("draining service started: {} pollers, {} workers", config.pollers(), config.workers());
  }

  @Override
  public boolean ready() {
    return running.get();
  }

  @Override
  public void close() {
    if (!running.compareAndSet(true, false)) {
      return;
    }
    pollers.forEach(Thread::interrupt);
    events.close();
    executor.shutdownNow();
    drainExecutor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
      drainExecutor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("draining service stopped; unfinished messages return to the queue after their visibility timeout");
  }

  private void poll() {
    while (running.get()) {
      List<QueueMessage> messages;
      try {
        messages = queue.receive();
      } catch (RuntimeException receiveFailure) {
        if (!running.get()) {
          return;
        }
        metrics.receiveErrors.inc();
        LOG.warn("{}", receiveFailure.getMessage());
        if (!pause()) {
          return;
        }
        continue;
      }
      for (QueueMessage message : messages) {
        if (!running.get() || !acquire()) {
          return; // stopped: the message comes back after its visibility timeout
        }
        inFlightCount.incrementAndGet();
        try {
          handler.handle(message).whenComplete((unused, failure) -> release());
        } catch (RuntimeException rejected) {
          release(); // the executor is shut down
          return;
        }
      }
    }
  }

  private void release() {
    inFlightCount.decrementAndGet();
    inFlight.release();
  }

  private boolean acquire() {
    try {
      inFlight.acquire();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(RECEIVE_ERROR_BACKOFF_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

}
