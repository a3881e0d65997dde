package io.spotkube.runtime.ports;

import io.spotkube.runtime.nodecredential.StsToken;

/** STS GetCallerIdentity by a node's presigned URL: who signed it, as STS verifies the signature. */
public interface CallerIdentity {

  /**
   * The ARN STS answers for the presigned request, sent with {@code x-k8s-aws-id: <csrHash>} (the value
   * the node signed; never taken from the client).
   *
   * @throws io.spotkube.runtime.nodecredential.CredentialRefusal refused when STS rejects the signature
   *     (wrong CSR, expired, forged), unavailable when STS does not answer
   */
  String arn(StsToken token, String csrHash);
}
