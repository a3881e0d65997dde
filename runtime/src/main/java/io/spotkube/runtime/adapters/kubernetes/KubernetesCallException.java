package io.spotkube.runtime.adapters.kubernetes;

/** A Kubernetes API call failed; the message says which call on which object, and why. */
public final class KubernetesCallException extends RuntimeException {

  KubernetesCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
