package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.ports.EventRecorder;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on nodes, posted by one background thread off the drain's path, after pending
 * cordons (see {@link CordonPriority}, waiting at most a few seconds). When far behind, new events
 * are dropped with a log line: they are for people, the metrics carry the counts.
 */
final class NodeEvents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeEvents.class);
  private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final EventRecorder recorder;
  private final CordonPriority priority;
  private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(10_000), runnable -> {
        Thread events = new Thread(runnable, "kubernetes-events");
        events.setDaemon(true);
        return events;
      });

  NodeEvents(EventRecorder recorder, CordonPriority priority) {
    this.recorder = recorder;
    this.priority = priority;
  }

  void record(String nodeName, String reason, String message, boolean warning) {
    try {
      thread.execute(() -> {
        long until = System.nanoTime() + MAX_WAIT_NANOS;
        while (priority.cordonsPending() && System.nanoTime() < until) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        recorder.nodeEvent(nodeName, warning ? EventRecorder.WARNING : EventRecorder.NORMAL, reason, message);
      });
    } catch (RejectedExecutionException dropped) {
      LOG.warn("event {} on node {} dropped: {} events waiting", reason, nodeName, thread.getQueue().size());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow(); // queued events describe work this process no longer does
  }
}
