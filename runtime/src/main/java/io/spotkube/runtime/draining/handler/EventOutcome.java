package io.spotkube.runtime.draining.handler;

/**
 * What became of one event of a message: its message may be deleted only when every event's
 * outcome allows it.
 *
 * @param deletable the work is done, or the event is set aside and set-aside messages are deleted
 * @param reason why (a metric label: done, invalid, ignored, not_ours, node_not_found, drain_timed_out ...)
 */
record EventOutcome(boolean deletable, String reason) {

  static EventOutcome done() {
    return new EventOutcome(true, "done");
  }

  static EventOutcome retry(String reason) {
    return new EventOutcome(false, reason);
  }
}
