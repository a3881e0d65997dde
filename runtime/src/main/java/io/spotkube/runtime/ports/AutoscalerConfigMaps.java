package io.spotkube.runtime.ports;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The autoscaler's two ConfigMaps: the priority expander's rules (read) and its status (written). */
public interface AutoscalerConfigMaps {

  /**
   * The rules of the {@code cluster-autoscaler-priority-expander} ConfigMap, empty when there is none.
   *
   * @throws IllegalArgumentException when the ConfigMap is malformed, naming it
   */
  Optional<Map<Integer, List<String>>> priorities();

  /** Replaces the status ConfigMap's content; best effort. */
  void writeStatus(String status);
}
