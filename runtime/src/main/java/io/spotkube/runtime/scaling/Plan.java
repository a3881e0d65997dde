package io.spotkube.runtime.scaling;

import java.util.Comparator;
import java.util.List;

/**
 * The outcome of one decision: what to scale up and down, and why the rest stays. Lists are sorted
 * by name so a plan prints the same way every time.
 *
 * @param unneeded nodes that could go now but have not been unneeded long enough (the controller
 *                 starts or keeps their timers with this)
 */
public record Plan(
    List<ScaleUp> scaleUp,
    List<ScaleDown> scaleDown,
    List<Unschedulable> unschedulable,
    List<NotRemoved> notRemoved,
    List<String> unneeded) {

  public Plan {
    scaleUp = scaleUp.stream().sorted(Comparator.comparing(ScaleUp::nodeGroup)).toList();
    scaleDown = scaleDown.stream().sorted(Comparator.comparing(ScaleDown::node)).toList();
    unschedulable = unschedulable.stream().sorted(Comparator.comparing(Unschedulable::pod)).toList();
    notRemoved = notRemoved.stream().sorted(Comparator.comparing(NotRemoved::node)).toList();
    unneeded = unneeded.stream().sorted().toList();
  }

  /** Raise {@code nodeGroup} from {@code from} to {@code to} desired nodes for {@code podsHelped}. */
  public record ScaleUp(String nodeGroup, int from, int to, int newNodes, int maxSize, List<String> podsHelped) {
    public ScaleUp {
      podsHelped = podsHelped.stream().sorted().toList();
    }

    /** Upstream's log line: {@code 1->5 (max: 5)}. */
    public String describe() {
      return from + "->" + to + " (max: " + maxSize + ")";
    }
  }

  public record ScaleDown(String node, String nodeGroup, String reason) {
  }

  public record Unschedulable(String pod, String reason) {
  }

  public record NotRemoved(String node, String reason) {
  }
}
