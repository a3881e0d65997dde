package io.spotkube.runtime.scaling.expander;

import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.scaling.NodeGroup;
import java.util.List;

/** One way to scale up: {@code nodeCount} new nodes of {@code group} would run {@code pods}. */
public record Option(NodeGroup group, int nodeCount, List<Pod> pods) {

  public Option {
    pods = List.copyOf(pods);
  }
}
