package io.spotkube.runtime.service;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads ({@code prefix-1}, {@code prefix-2} ...) for the runtime's executors: a thread dump says whose they are. */
public final class DaemonThreads {

  private DaemonThreads() {
  }

  public static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
