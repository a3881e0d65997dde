package io.spotkube.runtime.ports;

import java.time.Instant;
import java.util.Objects;

/**
 * One received queue message.
 *
 * @param sentAt when the queue accepted it (SQS {@code SentTimestamp}); null when unknown
 * @param receiveCount how many times it has been received, this time included (SQS {@code ApproximateReceiveCount})
 */
public record QueueMessage(String messageId, String receiptHandle, String body, Instant sentAt, int receiveCount) {

  public QueueMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(receiptHandle, "receiptHandle");
    body = body == null ? "" : body;
  }
}
