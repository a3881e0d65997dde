package io.spotkube.runtime.adapters.aws;

/**
 * An AWS call (Auto Scaling, EC2, SQS) of the runtime failed; the message says which call, on what,
 * and why. No caller tells one service's failure from another's, so there is one type.
 */
public final class AwsCallException extends RuntimeException {

  AwsCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
