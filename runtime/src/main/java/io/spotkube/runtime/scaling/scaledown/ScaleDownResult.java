package io.spotkube.runtime.scaling.scaledown;

import io.spotkube.runtime.scaling.Plan;
import java.util.List;

/** The scale-down half of a plan. */
public record ScaleDownResult(List<Plan.ScaleDown> scaleDown, List<Plan.NotRemoved> notRemoved, List<String> unneeded) {

  public ScaleDownResult {
    scaleDown = List.copyOf(scaleDown);
    notRemoved = List.copyOf(notRemoved);
    unneeded = List.copyOf(unneeded);
  }
}
