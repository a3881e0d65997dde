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

  private TerminationHandlerQueueProps(Builder b) {
    this.clusterName = b.clusterName;
    this.retentionPeriod = b.retentionPeriod;
    this.visibilityTimeout = b.visibilityTimeout;
    this.maxReceiveCount = b.maxReceiveCount;
    this.rebalanceRecommendations = b.rebalanceRecommendations;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The cluster whose tagged Auto Scaling groups the handler may act on. Required. */
  public String getClusterName() {
    return clusterName;
  }

  /** How long an event waits to be handled: a Spot warning is useless after 2 minutes. @default Duration.seconds(300) */
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

  /** Builder with the defaults documented on each getter. */
  public static final class Builder {
    private String clusterName;
    private Duration retentionPeriod = Duration.seconds(300);
    private Duration visibilityTimeout = Duration.seconds(150);
    private int maxReceiveCount = 5;
    private boolean rebalanceRecommendations = true;

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

    public TerminationHandlerQueueProps build() {
      return new TerminationHandlerQueueProps(this);
    }
  }
}
