package io.spotkube.runtime.scaling;

import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.model.Taint;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a new node of a group will look like: the shape the simulation binpacks onto. */
public record NodeTemplate(Resources allocatable, Map<String, String> labels, List<Taint> taints) {

  public NodeTemplate {
    Objects.requireNonNull(allocatable, "allocatable");
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
  }
}
