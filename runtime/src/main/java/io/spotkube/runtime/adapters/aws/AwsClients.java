package io.spotkube.runtime.adapters.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place the runtime builds AWS SDK clients: region, endpoint override, retries and timeouts
 * are set here once, for the autoscaler and the interruption handler alike. Credentials come from
 * the SDK's default chain (IRSA / Pod Identity, instance profile, environment).
 *
 * <p>Why explicit timeouts: without them a call that hangs (a stalled connection) blocks its
 * thread for as long as the socket allows, and the interruption handler has two minutes in all.
 * Each attempt is bounded, and so is a call with its retries.
 */
public final class AwsClients {

  /** The SDK's standard retry mode (throttling and 5xx, jittered backoff), three attempts in all. */
  public static final int MAX_ATTEMPTS = 3;
  /** One HTTP attempt of an EC2 or Auto Scaling call. */
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  /** A whole EC2 or Auto Scaling call, retries and backoff included. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  /** SQS may hold a ReceiveMessage for its longest wait, 20 s: its attempts get that much more time. */
  public static final Duration SQS_LONG_POLL = Duration.ofSeconds(20);

  private final String region;
  private final URI endpoint;

  private AwsClients(String region, URI endpoint) {
    this.region = region == null || region.isBlank() ? null : region;
    this.endpoint = endpoint;
  }

  /**
   * @param region null or blank = the SDK's default chain ({@code AWS_REGION}, profile, instance metadata)
   * @param endpoint null = AWS; else every client talks to it (ElasticMQ, moto, LocalStack)
   */
  public static AwsClients create(String region, URI endpoint) {
    return new AwsClients(region, endpoint);
  }

  public SqsClient sqs() {
    return configure(SqsClient.builder(), SQS_LONG_POLL).build();
  }

  public Ec2Client ec2() {
    return configure(Ec2Client.builder(), Duration.ZERO).build();
  }

  public AutoScalingClient autoScaling() {
    return configure(AutoScalingClient.builder(), Duration.ZERO).build();
  }

  /** For the labels and taints of EKS managed node groups ({@code eks:DescribeNodegroup}). */
  public EksClient eks() {
    return configure(EksClient.builder(), Duration.ZERO).build();
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, Duration serverHold) {
    if (region != null) {
      builder.region(Region.of(region));
    }
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.overrideConfiguration(ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT.plus(serverHold))
        .apiCallTimeout(CALL_TIMEOUT.plus(serverHold.multipliedBy(MAX_ATTEMPTS)))
        .build());
  }
}
