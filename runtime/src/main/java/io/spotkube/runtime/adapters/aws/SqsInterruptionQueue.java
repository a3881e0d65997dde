package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.InterruptionQueue;
import io.spotkube.runtime.ports.QueueMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * The interruption queue on SQS: long polls (20 s, 10 messages by default), deletes and extends
 * visibility by receipt handle.
 */
public final class SqsInterruptionQueue implements InterruptionQueue {

  private final SqsClient sqs;
  private final String queueUrl;
  private final int maxMessages;
  private final int waitSeconds;
  private final AwsCalls calls;

  public SqsInterruptionQueue(SqsClient sqs, String queueUrl, int maxMessages, int waitSeconds) {
    this(sqs, queueUrl, maxMessages, waitSeconds, CallTimer.NONE);
  }

  public SqsInterruptionQueue(SqsClient sqs, String queueUrl, int maxMessages, int waitSeconds, CallTimer timer) {
    if (maxMessages < 1 || maxMessages > 10) {
      throw new IllegalArgumentException("maxMessages (" + maxMessages + ") must be 1..10, the SQS limit");
    }
    if (waitSeconds < 0 || waitSeconds > 20) {
      throw new IllegalArgumentException("waitSeconds (" + waitSeconds + ") must be 0..20, the SQS limit");
    }
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.maxMessages = maxMessages;
    this.waitSeconds = waitSeconds;
    this.calls = new AwsCalls(timer);
  }

  public static SqsInterruptionQueue longPolling(SqsClient sqs, String queueUrl) {
    return new SqsInterruptionQueue(sqs, queueUrl, 10, 20);
  }

  @Override
  public List<QueueMessage> receive() {
    return calls.call("sqs.ReceiveMessage", () -> "receiving interruption messages from " + queueUrl,
            () -> sqs.receiveMessage(ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(maxMessages)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP,
                    MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .build()))
        .messages().stream().map(SqsInterruptionQueue::toQueueMessage).toList();
  }

  @Override
  public void delete(QueueMessage message) {
    calls.call("sqs.DeleteMessage", () -> "deleting message " + message.messageId() + " from " + queueUrl,
        () -> sqs.deleteMessage(
            DeleteMessageRequest.builder().queueUrl(queueUrl).receiptHandle(message.receiptHandle()).build()));
  }

  @Override
  public void extendVisibility(QueueMessage message, Duration timeout) {
    // SQS takes whole seconds, at most 12 hours from the first receive.
    int seconds = (int) Math.min(43_200, Math.max(0, timeout.toSeconds()));
    calls.call("sqs.ChangeMessageVisibility",
        () -> "extending the visibility of message " + message.messageId() + " in " + queueUrl,
        () -> sqs.changeMessageVisibility(ChangeMessageVisibilityRequest.builder()
            .queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(seconds).build()));
  }

  @Override
  public Optional<Duration> visibilityTimeout() {
    try {
      String seconds = calls.call("sqs.GetQueueAttributes", () -> "reading the visibility timeout of " + queueUrl,
          () -> sqs.getQueueAttributes(request -> request
              .queueUrl(queueUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)))
          .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
      return seconds == null ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(seconds)));
    } catch (AwsCallException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static QueueMessage toQueueMessage(Message message) {
    Map<MessageSystemAttributeName, String> attributes = message.attributes();
    Instant sentAt = null;
    int receiveCount = 1;
    try {
      String sent = attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP);
      sentAt = sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent));
      String count = attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
      receiveCount = count == null ? 1 : Integer.parseInt(count);
    } catch (NumberFormatException ignoredAttribute) {
      // Attributes are informational (latency metric); a queue that garbles them still delivers work.
    }
    return new QueueMessage(message.messageId(), message.receiptHandle(), message.body(), sentAt, receiveCount);
  }
}
