package io.spotkube.runtime.scaling.scaledown;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.scaling.AutoscalingOptions;

/**
 * When an unneeded node may go (upstream's {@code NotUnneededLongEnough} and
 * {@code NotUnreadyLongEnough}): a ready node after {@code --scale-down-unneeded-time}, an unready
 * one after {@code --scale-down-unready-time}, both counted from when it was first found unneeded.
 * Upstream gives unready nodes their own (longer) time so a node that is only restarting its kubelet
 * is not replaced at once, while one that never comes back is. Pure: the age is in the node.
 */
public final class UnneededTime {

  private UnneededTime() {
  }

  /**
   * Whether an unready node may be a scale-down candidate at all: not with
   * {@code --scale-down-unready-enabled=false} (upstream's {@code ScaleDownUnreadyDisabled}).
   *
   * @return why it may not, or null
   */
  public static String unreadyExcluded(Node node, AutoscalingOptions options) {
    return node.ready() || options.scaleDownUnreadyEnabled() ? null
        : "node is unready and scale-down of unready nodes is disabled";
  }

  /** @return why the unneeded node must wait longer, or null when it has waited long enough */
  public static String notLongEnough(Node node, AutoscalingOptions options) {
    long unneededFor = node.unneededForSeconds();
    if (node.ready()) {
      return unneededFor < options.scaleDownUnneededTimeSeconds()
          ? "unneeded for " + unneededFor + "s < " + options.scaleDownUnneededTimeSeconds() + "s" : null;
    }
    return unneededFor < options.scaleDownUnreadyTimeSeconds()
        ? "unready and unneeded for " + unneededFor + "s < " + options.scaleDownUnreadyTimeSeconds()
            + "s (scale-down-unready-time)" : null;
  }
}
