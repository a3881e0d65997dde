package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.InterruptionQueue;
import io.spotkube.runtime.ports.QueueMessage;
import io.spotkube.runtime.text.SafeText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
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

  private static final Logger LOG = LoggerFactory.getLogger(SqsInterruptionQueue.class);
  /** Entries per ChangeMessageVisibilityBatch call, the SQS limit. */
  private static final int BATCH = 10;

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
  public List<QueueMessage> extendVisibility(List<QueueMessage> messages, Duration timeout) {
    // SQS takes whole seconds, at most 12 hours from the first receive, and ten entries per call.
    int seconds = (int) Math.min(43_200, Math.max(0, timeout.toSeconds()));
    List<QueueMessage> failed = new ArrayList<>();
    for (int from = 0; from < messages.size(); from += BATCH) {
      List<QueueMessage> batch = messages.subList(from, Math.min(messages.size(), from + BATCH));
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
            .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout(seconds).build());
      }
      try {
        calls.call("sqs.ChangeMessageVisibilityBatch",
            () -> "extending the visibility of " + batch.size() + " messages in " + queueUrl,
            () -> sqs.changeMessageVisibilityBatch(request -> request.queueUrl(queueUrl).entries(entries)))
            .failed().forEach(entry -> {
              QueueMessage message = batch.get(Integer.parseInt(entry.id()));
              LOG.warn("extending the visibility of message {} in {}: {} {}", message.messageId(), queueUrl,
                  entry.code(), SafeText.escape(entry.message()));
              failed.add(message);
            });
      } catch (AwsCallException callFailure) {
        LOG.warn("{}", callFailure.getMessage());
        failed.addAll(batch);
      }
    }
    return failed;
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
