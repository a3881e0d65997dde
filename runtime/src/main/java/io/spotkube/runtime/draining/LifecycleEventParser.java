package io.spotkube.runtime.draining;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotkube.runtime.draining.InterruptionEvent.AsgLaunch;
import io.spotkube.runtime.draining.InterruptionEvent.AsgTerminate;
import io.spotkube.runtime.draining.InterruptionEvent.Envelope;
import io.spotkube.runtime.draining.InterruptionEvent.Ignored;
import java.time.Instant;
import java.util.List;

/**
 * Auto Scaling lifecycle actions, in both shapes: the EventBridge event ({@code aws.autoscaling},
 * "EC2 Instance-terminate Lifecycle Action", fields under {@code detail}) and the notification an
 * Auto Scaling group sends straight to SQS (the same fields at the top level, with
 * {@code Service: "AWS Auto Scaling"}). {@code autoscaling:TEST_NOTIFICATION} is ignored.
 */
final class LifecycleEventParser implements EventParser {

  static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
  static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
  static final String TEST_NOTIFICATION = "autoscaling:TEST_NOTIFICATION";

  /** The EventBridge shape. */
  @Override
  public List<InterruptionEvent> parse(JsonNode event) {
    JsonNode detail = MessageFields.object(event, "", "detail");
    String eventId = MessageFields.optionalText(event, "", "id").orElse(null);
    return List.of(fromFields(detail, "detail", eventId, MessageFields.optionalTime(event, "", "time")));
  }

  /** The shape sent straight to SQS (possibly after unwrapping SNS). */
  static List<InterruptionEvent> parseDirect(JsonNode message) {
    if (TEST_NOTIFICATION.equals(message.path("Event").asText(null))) {
      return List.of(new Ignored(null, message.path("RequestId").asText(null), "Auto Scaling test notification"));
    }
    String eventId = MessageFields.optionalText(message, "", "RequestId").orElse(null);
    return List.of(fromFields(message, "", eventId, MessageFields.optionalTime(message, "", "Time")));
  }

  private static InterruptionEvent fromFields(JsonNode fields, String path, String eventId, Instant time) {
    String transition = MessageFields.text(fields, path, "LifecycleTransition");
    String instanceId = MessageFields.instanceId(fields, path, "EC2InstanceId");
    if (!transition.equals(TERMINATING) && !transition.equals(LAUNCHING)) {
      return new Ignored(instanceId, eventId, "lifecycle transition '" + MessageFields.quote(transition) + "'");
    }
    LifecycleAction action = new LifecycleAction(
        MessageFields.text(fields, path, "AutoScalingGroupName"),
        MessageFields.text(fields, path, "LifecycleHookName"),
        MessageFields.optionalText(fields, path, "LifecycleActionToken").orElse(null),
        instanceId);
    Envelope envelope = new Envelope(instanceId, eventId, time);
    return transition.equals(TERMINATING) ? new AsgTerminate(envelope, action) : new AsgLaunch(envelope, action);
  }
}
