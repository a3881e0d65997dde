package io.spotkube.runtime.adapters.aws;

/** A failed Auto Scaling or EC2 call of the autoscaler, with the call named in the message. */
public final class AutoScalingCallException extends RuntimeException {

  public AutoScalingCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
