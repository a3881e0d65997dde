package io.spotkube.runtime.ports;

import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes side of node credentials: the Node a name is taken by, and a kubelet client
 * certificate through a CertificateSigningRequest the runtime approves itself.
 */
public interface NodeCertificates {

  /** The signer of kubelet client certificates (kube-controller-manager's csrsigning). */
  String SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
  /** The approval condition's reason, so an operator sees who approved a node's request. */
  String APPROVAL_REASON = "SpotkubeNodeCredential";

  /** One CertificateSigningRequest for the kubelet-client signer, and the approval's message. */
  record Request(String name, String csrPem, List<String> usages, String approvalMessage) {
    public Request {
      usages = List.copyOf(usages);
    }
  }

  /** The {@code spec.providerID} of the Node of that name ("" when it has none); empty when no such Node. */
  Optional<String> providerIdOfNode(String nodeName);

  /** Creates (or finds, on a retry) the request, approves it and waits for the signer: the certificate's PEM. */
  String issue(Request request);

  /** The cluster CA's PEM, as the runtime's own client trusts it. */
  String clusterCa();
}
