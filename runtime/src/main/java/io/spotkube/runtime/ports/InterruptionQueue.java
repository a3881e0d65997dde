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
   * Keeps received messages hidden from other consumers for {@code timeout} from now, so a drain
   * that outlasts the queue's visibility timeout is not handed to a second replica halfway through.
   * Renewed together (SQS takes ten per call): a thousand drains in work cost a hundred calls per
   * renewal, not a thousand.
   *
   * @return the messages whose visibility could not be changed (a receipt handle gone stale, the
   *     queue unreachable), each to be counted as a failed renewal
   */
  List<QueueMessage> extendVisibility(List<QueueMessage> messages, Duration timeout);

  /** The queue's own visibility timeout, when it can be read. */
  Optional<Duration> visibilityTimeout();
}
