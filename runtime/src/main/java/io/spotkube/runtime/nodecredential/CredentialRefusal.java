package io.spotkube.runtime.nodecredential;

/**
 * Why a node credential request was not answered with a certificate: the HTTP status it maps to and a
 * message for the node (naming the field, or saying which identity check failed). Never carries a secret.
 */
public final class CredentialRefusal extends RuntimeException {

  /** The three ways a request fails, as the protocol answers them. */
  public enum Kind {
    /** 400: the body, the CSR or the token cannot be read; the message names the field. */
    MALFORMED(400, "malformed"),
    /** 403: readable, but the identity is not what EC2 and STS vouch for. */
    REFUSED(403, "refused"),
    /** 503: STS, EC2 or Kubernetes did not answer; the node retries. */
    UNAVAILABLE(503, "unavailable");

    private final int status;
    private final String outcome;

    Kind(int status, String outcome) {
      this.status = status;
      this.outcome = outcome;
    }

    public int status() {
      return status;
    }

    /** The metric's and the log's outcome label. */
    public String outcome() {
      return outcome;
    }
  }

  private final Kind kind;

  public CredentialRefusal(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public static CredentialRefusal malformed(String message) {
    return new CredentialRefusal(Kind.MALFORMED, message);
  }

  public static CredentialRefusal refused(String message) {
    return new CredentialRefusal(Kind.REFUSED, message);
  }

  public static CredentialRefusal unavailable(String message) {
    return new CredentialRefusal(Kind.UNAVAILABLE, message);
  }

  public Kind kind() {
    return kind;
  }
}
