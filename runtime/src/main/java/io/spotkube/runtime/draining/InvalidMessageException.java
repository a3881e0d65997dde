package io.spotkube.runtime.draining;

/**
 * A message field is missing or of the wrong type. Thrown only inside the parsers and turned into
 * an {@link InterruptionEvent.Invalid} by {@link InterruptionMessageParser}: never escapes it.
 */
final class InvalidMessageException extends RuntimeException {

  InvalidMessageException(String message) {
    super(message, null, false, false);
  }
}
