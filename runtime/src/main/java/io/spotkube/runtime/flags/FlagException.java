package io.spotkube.runtime.flags;

/**
 * A bad command line or environment: one line naming the flag or the environment variable the bad
 * value came from. An {@link IllegalArgumentException}, so callers that validate settings treat
 * both alike.
 */
public final class FlagException extends IllegalArgumentException {

  public FlagException(String message) {
    super(message);
  }
}
