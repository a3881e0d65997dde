package io.spotkube.runtime.ports;

import java.util.List;

/** The queue EventBridge and Auto Scaling write interruption messages to. */
public interface InterruptionQueue {

  /** Long-polls for messages; returns an empty list when none came within the wait time. */
  List<QueueMessage> receive();

  /** Deletes a message whose work is done (or which is set aside). */
  void delete(QueueMessage message);
}
