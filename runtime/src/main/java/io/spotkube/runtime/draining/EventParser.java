package io.spotkube.runtime.draining;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Turns one EventBridge event of a known (source, detail-type) into events. Throws
 * {@link InvalidMessageException} naming the field when the event lacks what its kind needs.
 */
interface EventParser {

  List<InterruptionEvent> parse(JsonNode event);
}
