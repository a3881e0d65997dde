package io.spotkube.runtime.draining;

import java.util.Optional;

/**
 * The taint key per event kind, the upstream handler's keys so that tolerations written for it
 * keep working, and the taint value (the event id, made a valid label value).
 */
public final class TaintKeys {

  private static final String PREFIX = "aws-node-termination-handler/";
  private static final int MAX_VALUE_LENGTH = 63;

  private TaintKeys() {
  }

  public static Optional<String> keyFor(InterruptionKind kind) {
    return Optional.ofNullable(switch (kind) {
      case SPOT_INTERRUPTION -> PREFIX + "spot-itn";
      case REBALANCE_RECOMMENDATION -> PREFIX + "rebalance-recommendation";
      case SCHEDULED_CHANGE -> PREFIX + "scheduled-maintenance";
      case ASG_TERMINATE -> PREFIX + "asg-lifecycle-termination";
      case CAPACITY_RESERVATION_INTERRUPTION -> PREFIX + "capacity-reservation-interruption";
      case STATE_CHANGE -> PREFIX + "instance-state-change";
      case ASG_LAUNCH, IGNORED, INVALID -> null;
    });
  }

  /**
   * Whether a node taint is one the handler puts on a node it cordons for an interruption: how
   * every replica of the autoscaler learns, from the node itself, that the node is about to go.
   */
  public static boolean isInterruptionTaint(String key) {
    return key.startsWith(PREFIX);
  }

  /** A label value: at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
  public static String valueFor(String eventId) {
    if (eventId == null) {
      return "";
    }
    String cleaned = eventId.replaceAll("[^A-Za-z0-9._-]", "-");
    if (cleaned.length() > MAX_VALUE_LENGTH) {
      cleaned = cleaned.substring(0, MAX_VALUE_LENGTH);
    }
    return cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }
}
