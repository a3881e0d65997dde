package io.spotkube.runtime.ports;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The queue EventBridge and Auto Scaling write interruption messages to. */
public interface InterruptionQueue {

  /** Long-polls for messages; returns an empty list when none came within the wait time. */
  List<QueueMessage> receive();

  /** Deletes a message whose work is done (or which is set aside). */
  void delete(QueueMessage message);

  /**
   * Keeps a received message hidden from other consumers for {@code timeout} from now, so a drain
   * that outlasts the queue's visibility timeout is not handed to a second replica halfway through.
   */
  void extendVisibility(QueueMessage message, Duration timeout);

  /** The queue's own visibility timeout, when it can be read. */
  Optional<Duration> visibilityTimeout();
}
