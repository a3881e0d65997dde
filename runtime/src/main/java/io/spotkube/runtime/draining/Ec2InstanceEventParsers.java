package io.spotkube.runtime.draining;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotkube.runtime.draining.InterruptionEvent.CapacityReservationInterruption;
import io.spotkube.runtime.draining.InterruptionEvent.Envelope;
import io.spotkube.runtime.draining.InterruptionEvent.Ignored;
import io.spotkube.runtime.draining.InterruptionEvent.RebalanceRecommendation;
import io.spotkube.runtime.draining.InterruptionEvent.SpotInterruption;
import io.spotkube.runtime.draining.InterruptionEvent.StateChange;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parsers of the {@code aws.ec2} events that name one instance in {@code detail.instance-id}:
 * Spot interruption warning, rebalance recommendation, capacity-reservation interruption warning,
 * state change.
 */
final class Ec2InstanceEventParsers {

  /** States after which the instance is gone or going: drain. Others (pending, running) need nothing. */
  private static final Set<String> LEAVING_STATES = Set.of("stopping", "stopped", "shutting-down", "terminated");

  private Ec2InstanceEventParsers() {
  }

  static List<InterruptionEvent> spotInterruption(JsonNode event) {
    JsonNode detail = MessageFields.object(event, "", "detail");
    return List.of(new SpotInterruption(envelope(event, detail),
        MessageFields.optionalText(detail, "detail", "instance-action").orElse(null)));
  }

  static List<InterruptionEvent> rebalanceRecommendation(JsonNode event) {
    JsonNode detail = MessageFields.object(event, "", "detail");
    return List.of(new RebalanceRecommendation(envelope(event, detail)));
  }

  static List<InterruptionEvent> capacityReservationInterruption(JsonNode event) {
    JsonNode detail = MessageFields.object(event, "", "detail");
    return List.of(new CapacityReservationInterruption(envelope(event, detail),
        MessageFields.optionalText(detail, "detail", "instance-action").orElse(null)));
  }

  static List<InterruptionEvent> stateChange(JsonNode event) {
    JsonNode detail = MessageFields.object(event, "", "detail");
    Envelope envelope = envelope(event, detail);
    String state = MessageFields.text(detail, "detail", "state");
    if (!LEAVING_STATES.contains(state)) {
      return List.of(new Ignored(envelope.instanceId(), envelope.eventId(),
          "state change to '" + MessageFields.quote(state) + "' needs no action"));
    }
    return List.of(new StateChange(envelope, state));
  }

  private static Envelope envelope(JsonNode event, JsonNode detail) {
    String instanceId = MessageFields.instanceId(detail, "detail", "instance-id");
    Optional<String> id = MessageFields.optionalText(event, "", "id");
    return new Envelope(instanceId, id.orElse(null), MessageFields.optionalTime(event, "", "time"));
  }
}
