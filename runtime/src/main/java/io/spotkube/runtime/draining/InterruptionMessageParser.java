package io.spotkube.runtime.draining;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.spotkube.runtime.draining.InterruptionEvent.Ignored;
import io.spotkube.runtime.draining.InterruptionEvent.Invalid;
import java.util.List;
import java.util.Map;

/**
 * The body of one queue message -> its events. Pure and total: whatever the body, the answer is a
 * non-empty list, with {@link Invalid} for bodies of no known shape; it never throws.
 *
 * <p>Shapes: an EventBridge event, dispatched by (source, detail-type); an Auto Scaling lifecycle
 * notification sent straight to SQS; either of them wrapped in an SNS notification.
 */
public final class InterruptionMessageParser {

  /** SQS accepts bodies up to 1 MiB (UTF-8 chars, so bytes &le; 4x); anything longer is not from AWS. */
  static final int MAX_BODY_CHARS = 1024 * 1024;
  private static final int MAX_NESTING = 64;

  private static final Map<EventType, EventParser> PARSERS = Map.of(
      new EventType("aws.ec2", "EC2 Spot Instance Interruption Warning"), Ec2InstanceEventParsers::spotInterruption,
      new EventType("aws.ec2", "EC2 Instance Rebalance Recommendation"), Ec2InstanceEventParsers::rebalanceRecommendation,
      new EventType("aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning"),
      Ec2InstanceEventParsers::capacityReservationInterruption,
      new EventType("aws.ec2", "EC2 Instance State-change Notification"), Ec2InstanceEventParsers::stateChange,
      new EventType("aws.health", "AWS Health Event"), new HealthEventParser(),
      new EventType("aws.autoscaling", "EC2 Instance-terminate Lifecycle Action"), new LifecycleEventParser(),
      new EventType("aws.autoscaling", "EC2 Instance-launch Lifecycle Action"), new LifecycleEventParser());

  private final ObjectMapper mapper;

  public InterruptionMessageParser() {
    mapper = JsonMapper.builder().build();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING).maxStringLength(MAX_BODY_CHARS).build());
  }

  /** The events of one message body. */
  public List<InterruptionEvent> parse(String body) {
    if (body == null || body.isBlank()) {
      return List.of(new Invalid("body is empty"));
    }
    if (body.length() > MAX_BODY_CHARS) {
      return List.of(new Invalid("body is " + body.length() + " characters, more than an SQS message holds"));
    }
    try {
      return parseJson(mapper.readTree(body), true);
    } catch (JsonProcessingException e) {
      return List.of(new Invalid("body is not JSON: " + MessageFields.quote(e.getOriginalMessage(), 160)));
    } catch (InvalidMessageException e) {
      return List.of(new Invalid(e.getMessage()));
    } catch (RuntimeException e) {
      // Defence in depth: a parser bug must cost one message, never the handler.
      return List.of(new Invalid("unreadable message: " + MessageFields.quote(String.valueOf(e.getMessage()))));
    }
  }

  private List<InterruptionEvent> parseJson(JsonNode message, boolean mayUnwrapSns) throws JsonProcessingException {
    if (message == null || !message.isObject()) {
      throw new InvalidMessageException("body is not a JSON object");
    }
    if (mayUnwrapSns && "Notification".equals(message.path("Type").asText(null)) && message.has("Message")) {
      String inner = MessageFields.text(message, "", "Message");
      return parseJson(mapper.readTree(inner), false);
    }
    if (message.has("detail-type") || message.has("source")) {
      return parseEventBridge(message);
    }
    if (message.has("LifecycleTransition") || message.has("Event")) {
      return LifecycleEventParser.parseDirect(message);
    }
    throw new InvalidMessageException("no known message shape (neither EventBridge, Auto Scaling nor SNS)");
  }

  private static List<InterruptionEvent> parseEventBridge(JsonNode event) {
    String source = MessageFields.text(event, "", "source");
    String detailType = MessageFields.text(event, "", "detail-type");
    EventParser parser = PARSERS.get(new EventType(source, detailType));
    if (parser == null) {
      return List.of(new Ignored(null, MessageFields.optionalText(event, "", "id").orElse(null),
          "no handling for source '" + MessageFields.quote(source) + "', detail-type '"
              + MessageFields.quote(detailType) + "'"));
    }
    return parser.parse(event);
  }

  private record EventType(String source, String detailType) {
  }
}
