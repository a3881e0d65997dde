package io.spotkube.runtime.model;

import java.util.Map;
import java.util.Objects;

/**
 * A pod topology spread constraint. Only {@code DoNotSchedule} constraints filter nodes;
 * {@code ScheduleAnyway} is a scoring preference and is ignored by the simulation, as upstream.
 */
public record TopologySpreadConstraint(int maxSkew, String topologyKey, String whenUnsatisfiable,
    LabelSelector labelSelector) {

  public TopologySpreadConstraint {
    Objects.requireNonNull(topologyKey, "topologyKey");
    whenUnsatisfiable = whenUnsatisfiable == null ? "DoNotSchedule" : whenUnsatisfiable;
    labelSelector = labelSelector == null ? LabelSelector.EVERYTHING : labelSelector;
    if (maxSkew < 1) {
      throw new IllegalArgumentException("maxSkew must be at least 1, was " + maxSkew);
    }
    if (!whenUnsatisfiable.equals("DoNotSchedule") && !whenUnsatisfiable.equals("ScheduleAnyway")) {
      throw new IllegalArgumentException("whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway, was " + whenUnsatisfiable);
    }
  }

  /** With an equality-based selector ({@code matchLabels} only). */
  public TopologySpreadConstraint(int maxSkew, String topologyKey, String whenUnsatisfiable,
      Map<String, String> matchLabels) {
    this(maxSkew, topologyKey, whenUnsatisfiable, LabelSelector.of(matchLabels));
  }

  public boolean isHard() {
    return whenUnsatisfiable.equals("DoNotSchedule");
  }
}
