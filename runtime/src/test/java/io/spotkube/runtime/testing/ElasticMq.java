package io.spotkube.runtime.testing;

import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** ElasticMQ embedded on 127.0.0.1 (a free port), spoken to by the production SQS client. */
public final class ElasticMq implements AutoCloseable {

  private final SQSRestServer server;
  private final URI endpoint;
  private final SqsClient client;

  private ElasticMq(SQSRestServer server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
    this.client = client(endpoint);
  }

  public static ElasticMq start() {
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = server.waitUntilStarted().localAddress().getPort();
    return new ElasticMq(server, URI.create("http://127.0.0.1:" + port));
  }

  /** A new SQS client for this server (each service under test gets its own, as in production). */
  public static SqsClient client(URI endpoint) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  public SqsClient client() {
    return client;
  }

  public String createQueue(String name, int visibilityTimeoutSeconds) {
    return client.createQueue(request -> request.queueName(name)
        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds))))
        .queueUrl();
  }

  public void send(String queueUrl, String body) {
    client.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
  }

  /** Sends many bodies with SendMessageBatch (10 per call, each batch under the 256 KiB limit). */
  public void sendAll(String queueUrl, java.util.List<String> bodies) {
    java.util.List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> batch = new java.util.ArrayList<>();
    int batchBytes = 0;
    for (String body : bodies) {
      int bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (batch.size() == 10 || (batchBytes + bytes > 200_000 && !batch.isEmpty())) {
        flush(queueUrl, batch);
        batchBytes = 0;
      }
      batch.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
          .id(Integer.toString(batch.size())).messageBody(body).build());
      batchBytes += bytes;
    }
    flush(queueUrl, batch);
  }

  private void flush(String queueUrl, java.util.List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    var response = client.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(batch));
    if (!response.failed().isEmpty()) {
      throw new IllegalStateException("SendMessageBatch failed for " + response.failed());
    }
    batch.clear();
  }

  /** Visible plus in-flight messages (ApproximateNumberOfMessages + ...NotVisible). */
  public int messagesInQueue(String queueUrl) {
    Map<QueueAttributeName, String> attributes = client.getQueueAttributes(request -> request.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  @Override
  public void close() {
    client.close();
    server.stopAndWait();
  }
}
