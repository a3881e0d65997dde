package io.spotkube.runtime.observability;

import java.util.function.Supplier;

/**
 * Times the calls an adapter makes to AWS or Kubernetes: {@code spotkube_api_call_seconds{call,result}}.
 * One shared instance per registry; {@link #NONE} when no one is looking.
 */
public final class CallTimer {

  public static final CallTimer NONE = new CallTimer(null);

  private final Histogram seconds;

  private CallTimer(Histogram seconds) {
    this.seconds = seconds;
  }

  public static CallTimer in(MetricsRegistry registry) {
    return new CallTimer(registry.histogram("spotkube_api_call_seconds",
        "Duration of calls to AWS and Kubernetes APIs, by call and result (ok, error).",
        new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}, "call", "result"));
  }

  /** Runs {@code body}, recording its duration under {@code call} with result ok or error. */
  public <T> T time(String call, Supplier<T> body) {
    long start = System.nanoTime();
    String result = "error";
    try {
      T value = body.get();
      result = "ok";
      return value;
    } finally {
      if (seconds != null) {
        seconds.observe((System.nanoTime() - start) / 1e9, call, result);
      }
    }
  }

  public void time(String call, Runnable body) {
    time(call, () -> {
      body.run();
      return null;
    });
  }
}
