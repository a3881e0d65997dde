package io.spotkube.runtime.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The shared client factory, read back from the SDK's own client configuration and one loopback call. */
class AwsClientsTest {

  private static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");

  @Test
  void everyClientGetsTheRegionEndpointRetriesAndTimeouts() {
    AwsClients aws = AwsClients.create("eu-west-1", ENDPOINT);

    try (AwsClient sqs = aws.sqs(); AwsClient ec2 = aws.ec2(); AwsClient autoScaling = aws.autoScaling();
        AwsClient eks = aws.eks()) {
      for (AwsClient client : List.of(sqs, ec2, autoScaling, eks)) {
        assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        assertThat(client.serviceClientConfiguration().endpointOverride()).contains(ENDPOINT);
        ClientOverrideConfiguration override = client.serviceClientConfiguration().overrideConfiguration();
        assertThat(override.retryStrategy()).get().satisfies(retry -> assertThat(retry.maxAttempts()).isEqualTo(3));
      }
      assertThat(timeouts(ec2)).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30));
      assertThat(timeouts(autoScaling)).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30));
      assertThat(timeouts(eks)).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30));
      assertThat(timeouts(sqs)).as("an attempt outlasts SQS's 20 s long poll")
          .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(90));
    }
  }

  @Test
  void withoutRegionOrEndpointTheSdkDefaultsApply() {
    System.setProperty("aws.region", "ap-south-1");
    try (AwsClient ec2 = AwsClients.create(" ", null).ec2()) {
      assertThat(ec2.serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTH_1);
      assertThat(ec2.serviceClientConfiguration().endpointOverride()).isEmpty();
    } finally {
      System.clearProperty("aws.region");
    }
  }

  /**
   * Without --aws-endpoint no override is set, so the SDK's service-specific endpoints apply
   * (AWS_ENDPOINT_URL_SQS / _EC2, here their system properties): the draining benchmark puts SQS
   * and EC2 on two different local servers that way, with the same arguments for every commit.
   */
  @Test
  void withoutAnEndpointEachServiceGoesToItsOwnConfiguredEndpoint() throws Exception {
    List<String> sqsCalls = new CopyOnWriteArrayList<>();
    List<String> ec2Calls = new CopyOnWriteArrayList<>();
    HttpServer sqsServer = ec2Answering(400, sqsCalls);
    HttpServer ec2Server = ec2Answering(400, ec2Calls);
    System.setProperty("aws.endpointUrlSqs", endpoint(sqsServer).toString());
    System.setProperty("aws.endpointUrlEc2", endpoint(ec2Server).toString());
    AwsClients aws = AwsClients.create("eu-west-1", null);
    try (SqsClient sqs = aws.sqs(); Ec2Client ec2 = aws.ec2()) {
      assertThatThrownBy(() -> sqs.listQueues()).isInstanceOf(SdkException.class);
      assertThatThrownBy(() -> ec2.describeInstances(request -> request.instanceIds("i-1")))
          .isInstanceOf(SdkException.class);
      assertThat(sqsCalls).singleElement().asString().contains("/eu-west-1/sqs/aws4_request");
      assertThat(ec2Calls).singleElement().asString().contains("/eu-west-1/ec2/aws4_request");
    } finally {
      System.clearProperty("aws.endpointUrlSqs");
      System.clearProperty("aws.endpointUrlEc2");
      stop(sqsServer);
      stop(ec2Server);
    }
  }

  @Test
  void aCallGoesToTheEndpointSignedForTheRegion() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer server = ec2Answering(400, authorizations);
    try (Ec2Client ec2 = AwsClients.create("eu-west-1", endpoint(server)).ec2()) {
      assertThatThrownBy(() -> ec2.describeInstances(request -> request.instanceIds("i-1")))
          .isInstanceOf(SdkException.class).hasMessageContaining("Status Code: 400, Request ID: r");
      assertThat(authorizations).singleElement().asString().contains("/eu-west-1/ec2/aws4_request");
    } finally {
      stop(server);
    }
  }

  @Test
  void aFailingCallIsTriedThreeTimes() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer server = ec2Answering(500, authorizations);
    try (Ec2Client ec2 = AwsClients.create("eu-west-1", endpoint(server)).ec2()) {
      assertThatThrownBy(() -> ec2.describeInstances(request -> request.instanceIds("i-1")))
          .isInstanceOf(SdkException.class).hasMessageContaining("SDK Attempt Count: 3");
      assertThat(authorizations).hasSize(3);
    } finally {
      stop(server);
    }
  }

  /** A loopback EC2 that answers every call with an error of {@code status}, recording the signatures. */
  private static HttpServer ec2Answering(int status, List<String> authorizations) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = ("<Response><Errors><Error><Code>Failed</Code><Message>no</Message>"
          + "</Error></Errors><RequestID>r</RequestID></Response>").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    return server;
  }

  private static URI endpoint(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void stop(HttpServer server) {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    server.stop(0);
  }

  private static List<Duration> timeouts(AwsClient client) {
    ClientOverrideConfiguration override = client.serviceClientConfiguration().overrideConfiguration();
    return List.of(override.apiCallAttemptTimeout().orElseThrow(), override.apiCallTimeout().orElseThrow());
  }
}
