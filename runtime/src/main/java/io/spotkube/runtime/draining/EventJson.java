package io.spotkube.runtime.draining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotkube.runtime.draining.InterruptionEvent.Ignored;
import io.spotkube.runtime.draining.InterruptionEvent.Invalid;

/** The normalized JSON of one event with its action, as {@code parse-event} prints it (contract section 2). */
public final class EventJson {

  private EventJson() {
  }

  public static ObjectNode toJson(ObjectMapper mapper, InterruptionEvent event, DrainAction action) {
    ObjectNode json = mapper.createObjectNode();
    json.put("kind", event.kind().name());
    if (event instanceof Invalid invalid) {
      json.put("action", action.name());
      json.put("error", invalid.error());
      return json;
    }
    json.put("instanceId", event.instanceId().orElse(null));
    json.put("action", action.name());
    json.put("eventId", event.eventId().orElse(null));
    json.put("startTime", event.startTime().map(Object::toString).orElse(null));
    LifecycleAction lifecycle = event.lifecycleAction().orElse(null);
    json.put("autoScalingGroup", lifecycle == null ? null : lifecycle.autoScalingGroup());
    json.put("lifecycleHookName", lifecycle == null ? null : lifecycle.hookName());
    json.put("lifecycleActionToken", lifecycle == null ? null : lifecycle.token());
    if (event instanceof Ignored ignored) {
      json.put("reason", ignored.reason());
    }
    return json;
  }
}
