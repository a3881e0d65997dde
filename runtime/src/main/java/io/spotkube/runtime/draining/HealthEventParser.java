package io.spotkube.runtime.draining;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotkube.runtime.draining.InterruptionEvent.Envelope;
import io.spotkube.runtime.draining.InterruptionEvent.Ignored;
import io.spotkube.runtime.draining.InterruptionEvent.ScheduledChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code aws.health} "AWS Health Event": an EC2 {@code scheduledChange} (instance retirement,
 * system maintenance) yields one {@link ScheduledChange} per affected instance; events of other
 * services or categories are ignored. A message naming more than {@link #MAX_INSTANCES} instances is
 * {@code Invalid} (set aside, logged and counted) rather than that many drains at once.
 */
final class HealthEventParser implements EventParser {

  /**
   * Most instances one Health event may drain: as many as one EC2 DescribeInstances call takes. A
   * Kubernetes cluster has at most 5,000 nodes; a message naming more than this is a whole account's
   * retirement list or hostile, and draining it would cordon a fifth of the largest cluster at once.
   */
  static final int MAX_INSTANCES = 1000;

  @Override
  public List<InterruptionEvent> parse(JsonNode event) {
    JsonNode detail = MessageFields.object(event, "", "detail");
    String eventId = MessageFields.optionalText(event, "", "id").orElse(null);
    String service = MessageFields.optionalText(detail, "detail", "service").orElse("");
    String category = MessageFields.optionalText(detail, "detail", "eventTypeCategory").orElse("");
    if (!service.equals("EC2")) {
      return List.of(new Ignored(null, eventId, "AWS Health event for service '" + MessageFields.quote(service) + "'"));
    }
    if (!category.equals("scheduledChange")) {
      return List.of(new Ignored(null, eventId, "AWS Health event of category '" + MessageFields.quote(category) + "'"));
    }
    String typeCode = MessageFields.optionalText(detail, "detail", "eventTypeCode").orElse(null);
    Instant start = MessageFields.optionalTime(detail, "detail", "startTime");
    if (start == null) {
      start = MessageFields.optionalTime(event, "", "time");
    }
    Set<String> instances = affectedInstances(event, detail);
    if (instances.size() > MAX_INSTANCES) {
      throw new InvalidMessageException("detail.affectedEntities names " + instances.size()
          + " EC2 instances, more than the " + MAX_INSTANCES + " one message may drain");
    }
    List<InterruptionEvent> events = new ArrayList<>();
    for (String instanceId : instances) {
      events.add(new ScheduledChange(new Envelope(instanceId, eventId, start), typeCode));
    }
    if (events.isEmpty()) {
      throw new InvalidMessageException("detail.affectedEntities names no EC2 instance");
    }
    return events;
  }

  /** Instances from {@code detail.affectedEntities[].entityValue}, else from {@code resources}; no duplicates. */
  private static Set<String> affectedInstances(JsonNode event, JsonNode detail) {
    Set<String> ids = new LinkedHashSet<>();
    JsonNode entities = detail.get("affectedEntities");
    if (entities != null && entities.isArray()) {
      for (JsonNode entity : entities) {
        JsonNode value = entity.get("entityValue");
        if (value != null && value.isTextual() && MessageFields.isInstanceId(value.textValue())) {
          ids.add(value.textValue());
        }
      }
    } else if (entities != null && !entities.isNull()) {
      throw new InvalidMessageException("detail.affectedEntities is not a list");
    }
    if (ids.isEmpty()) {
      for (String resource : MessageFields.texts(event, "", "resources")) {
        if (MessageFields.isInstanceId(resource)) {
          ids.add(resource);
        }
      }
    }
    return ids;
  }
}
