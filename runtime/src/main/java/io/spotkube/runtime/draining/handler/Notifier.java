package io.spotkube.runtime.draining.handler;

import java.util.Map;

/** Tells someone outside the cluster about an action (the optional webhook). Must not throw. */
public interface Notifier {

  Notifier NONE = fields -> {
  };

  /** @param fields EventID, Kind, InstanceID, NodeName, Action, Result, StartTime, Description */
  void notify(Map<String, String> fields);
}
