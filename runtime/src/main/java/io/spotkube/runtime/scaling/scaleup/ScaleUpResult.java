package io.spotkube.runtime.scaling.scaleup;

import io.spotkube.runtime.scaling.Plan;
import java.util.List;

/** The scale-up half of a plan. */
public record ScaleUpResult(List<Plan.ScaleUp> scaleUp, List<Plan.Unschedulable> unschedulable) {

  public ScaleUpResult {
    scaleUp = List.copyOf(scaleUp);
    unschedulable = List.copyOf(unschedulable);
  }
}
