package io.spotkube.constructs;

import java.util.Objects;
import software.amazon.awscdk.Duration;

/** Props of {@link TerminationHandlerQueue}. Immutable; build with {@link #builder()}. */
public final class TerminationHandlerQueueProps {

  private final String clusterName;
  private final Duration retentionPeriod;
  private final Duration visibilityTimeout;
  private final int maxReceiveCount;
  private final boolean rebalanceRecommendations;
  private final int deadLetterAlarmThreshold;
  private final Duration oldestMessageAgeAlarmThreshold;

  private TerminationHandlerQueueProps(Builder b) {
    this.clusterName = b.clusterName;
    this.retentionPeriod = b.retentionPeriod;
    this.visibilityTimeout = b.visibilityTimeout;
    this.maxReceiveCount = b.maxReceiveCount;
    this.rebalanceRecommendations = b.rebalanceRecommendations;
    this.deadLetterAlarmThreshold = b.deadLetterAlarmThreshold;
    this.oldestMessageAgeAlarmThreshold = b.oldestMessageAgeAlarmThreshold;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The cluster whose tagged Auto Scaling groups the handler may act on. Required. */
  public String getClusterName() {
    return clusterName;
  }

  /**
   * How long the main queue keeps a message. It must outlast every receive the redrive policy
   * allows, or a message the handler keeps failing on expires before it reaches the dead-letter
   * queue: at least {@code maxReceiveCount x (visibilityTimeout + 120 s) + 300 s} (120 s: the
   * handler's node grace period, during which it keeps the message hidden; 300 s: time for the
   * next receive to move it). A shorter value is refused, naming this prop.
   *
   * @default - that minimum: 1650 s with the default visibility timeout and receive count
   */
  public Duration getRetentionPeriod() {
    return retentionPeriod;
  }

  /**
   * How long a received message stays hidden before another consumer may retry it: longer than
   * the handler's node grace period (120 s), so a second replica does not start the same drain
   * while the first still runs it. @default Duration.seconds(150)
   */
  public Duration getVisibilityTimeout() {
    return visibilityTimeout;
  }

  /** Receives after which a message that keeps failing moves to the dead-letter queue. @default 5 */
  public int getMaxReceiveCount() {
    return maxReceiveCount;
  }

  /** Route EC2 rebalance recommendations to the queue. @default true */
  public boolean isRebalanceRecommendations() {
    return rebalanceRecommendations;
  }

  /**
   * The dead-letter alarm fires when the dead-letter queue holds more than this many messages
   * (ApproximateNumberOfMessagesVisible). @default 0 - the first message the handler gave up on
   */
  public int getDeadLetterAlarmThreshold() {
    return deadLetterAlarmThreshold;
  }

  /**
   * The stuck-handler alarm fires when the main queue's oldest message is older than this
   * (ApproximateAgeOfOldestMessage); it must be shorter than the retention period, or messages
   * expire before they get that old.
   *
   * @default - two receives' time, 2 x (visibilityTimeout + 120 s): 540 s with the defaults
   */
  public Duration getOldestMessageAgeAlarmThreshold() {
    return oldestMessageAgeAlarmThreshold;
  }

  /** Builder with the defaults documented on each getter. */
  public static final class Builder {
    private String clusterName;
    private Duration retentionPeriod;
    private Duration visibilityTimeout = Duration.seconds(150);
    private int maxReceiveCount = 5;
    private boolean rebalanceRecommendations = true;
    private int deadLetterAlarmThreshold;
    private Duration oldestMessageAgeAlarmThreshold;

    private Builder() {
    }

    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    public Builder retentionPeriod(Duration retentionPeriod) {
      this.retentionPeriod = Objects.requireNonNull(retentionPeriod, "retentionPeriod");
      return this;
    }

    public Builder visibilityTimeout(Duration visibilityTimeout) {
      this.visibilityTimeout = Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
      return this;
    }

    public Builder maxReceiveCount(int maxReceiveCount) {
      this.maxReceiveCount = maxReceiveCount;
      return this;
    }

    public Builder rebalanceRecommendations(boolean rebalanceRecommendations) {
      this.rebalanceRecommendations = rebalanceRecommendations;
      return this;
    }

    public Builder deadLetterAlarmThreshold(int deadLetterAlarmThreshold) {
      this.deadLetterAlarmThreshold = deadLetterAlarmThreshold;
      return this;
    }

    public Builder oldestMessageAgeAlarmThreshold(Duration oldestMessageAgeAlarmThreshold) {
      this.oldestMessageAgeAlarmThreshold = Objects.requireNonNull(oldestMessageAgeAlarmThreshold, "oldestMessageAgeAlarmThreshold");
      return this;
    }

    public TerminationHandlerQueueProps build() {
      return new TerminationHandlerQueueProps(this);
    }
  }
}
