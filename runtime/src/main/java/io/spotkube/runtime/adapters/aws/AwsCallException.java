package io.spotkube.runtime.adapters.aws;

/** An AWS call failed; the message says which call, on what, and why. */
public final class AwsCallException extends RuntimeException {

  AwsCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
