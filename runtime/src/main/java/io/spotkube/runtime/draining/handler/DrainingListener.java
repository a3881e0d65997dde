package io.spotkube.runtime.draining.handler;

import io.spotkube.runtime.drain.DrainOutcome;
import java.time.Instant;

/** Callbacks for observers of the handler (benchmarks, tests); the default does nothing. */
public interface DrainingListener {

  DrainingListener NONE = new DrainingListener() {
  };

  /** The node of {@code instanceId} is cordoned; {@code messageSentAt} may be null. */
  default void cordoned(String instanceId, String nodeName, Instant messageSentAt, Instant cordonedAt) {
  }

  default void drained(String instanceId, DrainOutcome outcome) {
  }

  default void messageDeleted(String messageId) {
  }
}
