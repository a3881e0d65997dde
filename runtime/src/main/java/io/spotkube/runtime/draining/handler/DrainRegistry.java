package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.drain.DrainOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Drains by instance id, so that an instance seen twice (EventBridge retries, a Spot warning then its
 * state change, a lifecycle action after the warning) is drained once: a second event joins the
 * drain in progress or, within the dedupe window, reuses its success. A failed drain is forgotten,
 * so a retry drains again. Bounded; thread-safe.
 */
final class DrainRegistry {

  private static final int MAX_FINISHED = 100_000;

  private final Clock clock;
  private final Duration window;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  DrainRegistry(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  /** The drain of {@code instanceId}: the one in progress, a recent success, or a new one from {@code start}. */
  synchronized CompletableFuture<DrainOutcome> drain(String instanceId, Supplier<CompletableFuture<DrainOutcome>> start) {
    Instant now = clock.instant();
    expire(now);
    Entry entry = entries.get(instanceId);
    if (entry != null && (!entry.future.isDone() || succeeded(entry.future))) {
      return entry.future;
    }
    CompletableFuture<DrainOutcome> future = start.get();
    entries.remove(instanceId); // re-insert at the end: the map is kept in start order
    entries.put(instanceId, new Entry(future, now));
    future.whenComplete((outcome, failure) -> {
      if (failure != null || !outcome.drained()) {
        forget(instanceId, future);
      }
    });
    return future;
  }

  synchronized int size() {
    return entries.size();
  }

  private synchronized void forget(String instanceId, CompletableFuture<DrainOutcome> future) {
    Entry entry = entries.get(instanceId);
    if (entry != null && entry.future == future) {
      entries.remove(instanceId);
    }
  }

  private void expire(Instant now) {
    Iterator<Entry> iterator = entries.values().iterator();
    while (iterator.hasNext()) {
      Entry entry = iterator.next();
      boolean old = entry.started.plus(window).isBefore(now) && entry.future.isDone();
      if (old || (entries.size() > MAX_FINISHED && entry.future.isDone())) {
        iterator.remove();
      } else {
        break; // insertion order: the rest are younger
      }
    }
  }

  private static boolean succeeded(CompletableFuture<DrainOutcome> future) {
    return !future.isCompletedExceptionally() && future.join().drained();
  }

  private record Entry(CompletableFuture<DrainOutcome> future, Instant started) {
  }
}
