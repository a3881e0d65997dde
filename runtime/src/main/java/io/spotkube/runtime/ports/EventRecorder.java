package io.spotkube.runtime.ports;

import io.spotkube.runtime.model.Pod;

/**
 * Kubernetes Events for people ({@code kubectl describe}); best effort: a failure is logged, never
 * thrown. {@code type} is {@link #NORMAL} or {@link #WARNING}, as in the Events API.
 */
public interface EventRecorder {

  String NORMAL = "Normal";
  String WARNING = "Warning";

  void nodeEvent(String nodeName, String type, String reason, String message);

  void podEvent(Pod pod, String type, String reason, String message);
}
