package io.spotkube.constructs;

/**
 * How long the termination handler's queue must keep a message so that one the handler keeps
 * failing on reaches the dead-letter queue instead of expiring unseen. The one place that derives,
 * from the visibility timeout and {@code maxReceiveCount}, the main queue's minimum (and default)
 * retention and the age at which the oldest-message alarm fires.
 *
 * <p>SQS moves a message to the dead-letter queue only on a receive after its receive count has
 * reached {@code maxReceiveCount}; a message whose retention ends first is deleted, and nothing
 * records it. Retention counts from the original send, in the dead-letter queue too (standard
 * queues keep the enqueue timestamp), so the dead-letter queue keeps its messages 14 days.
 *
 * @param visibilityTimeoutSeconds the queue's visibility timeout
 * @param maxReceiveCount the redrive policy's receive count
 */
record QueueRedriveTiming(long visibilityTimeoutSeconds, int maxReceiveCount) {

  /**
   * The runtime's default {@code --node-termination-grace-period}: a drain lasts at most this long,
   * and the handler renews the message's visibility while it runs, so one receive can hide the
   * message this much longer than the visibility timeout.
   */
  static final long HANDLER_WORK_SECONDS = 120;

  /**
   * After the last receive's hiding ends, SQS moves the message on the next receive: the handler
   * long-polls (20 s), and may be between two pods (a rescheduled replica pulls its image and
   * starts). Five minutes covers both.
   */
  static final long MOVE_MARGIN_SECONDS = 300;

  /** SQS's longest retention (14 days): also the dead-letter queue's. */
  static final long MAX_RETENTION_SECONDS = 1_209_600;

  /** The longest one receive keeps the message hidden: a drain, then one visibility timeout. */
  long perReceiveSeconds() {
    return visibilityTimeoutSeconds + HANDLER_WORK_SECONDS;
  }

  /** Every receive the redrive policy allows, then the move: the main queue's minimum and default retention. */
  long minimumRetentionSeconds() {
    return maxReceiveCount * perReceiveSeconds() + MOVE_MARGIN_SECONDS;
  }

  /** How {@link #minimumRetentionSeconds()} is computed, for error messages and docs. */
  String minimumRetentionFormula() {
    return "maxReceiveCount (" + maxReceiveCount + ") x (visibilityTimeout (" + visibilityTimeoutSeconds + " s) + "
        + HANDLER_WORK_SECONDS + " s the handler may work on it) + " + MOVE_MARGIN_SECONDS + " s = "
        + minimumRetentionSeconds() + " s";
  }

  /**
   * The default age of the oldest message that raises the stuck-handler alarm: older than two
   * receives can keep a message means the handler failed on it twice or is not reading the queue.
   * With a single receive allowed, one receive's time: the alarm must fire before retention ends.
   */
  long stuckMessageAgeSeconds() {
    return Math.min(2, maxReceiveCount) * perReceiveSeconds();
  }
}
