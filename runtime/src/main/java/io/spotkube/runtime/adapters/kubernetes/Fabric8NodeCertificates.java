package io.spotkube.runtime.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.CertificateSigningRequestResource;
import io.spotkube.runtime.nodecredential.CredentialRefusal;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.NodeCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Node certificates through {@code certificates.k8s.io/v1}: the runtime creates the
 * CertificateSigningRequest for the kubelet-client signer, approves it through the approval
 * subresource (as kube-controller-manager's csrapproving does for kubelets renewing their own name),
 * and waits for kube-controller-manager's signer to fill {@code status.certificate}.
 */
public final class Fabric8NodeCertificates implements NodeCertificates {

  /** How long the signer may take; it signs within a second when kube-controller-manager runs. */
  public static final Duration SIGNING_WAIT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final CallTimer timer;

  public Fabric8NodeCertificates(KubernetesClient client, CallTimer timer) {
    this.client = client;
    this.timer = timer;
  }

  @Override
  public Optional<String> providerIdOfNode(String nodeName) {
    Node node = timer.time("kubernetes.GetNode", () -> client.nodes().withName(nodeName).get());
    if (node == null) {
      return Optional.empty();
    }
    String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
    return Optional.of(providerId == null ? "" : providerId);
  }

  @Override
  public String issue(Request request) {
    String encoded = Base64.getEncoder().encodeToString(request.csrPem().getBytes(StandardCharsets.UTF_8));
    CertificateSigningRequestResource<CertificateSigningRequest> resource =
        client.certificates().v1().certificateSigningRequests().withName(request.name());
    CertificateSigningRequest created = create(resource, request, encoded);
    if (!approved(created)) {
      CertificateSigningRequestCondition approval = new CertificateSigningRequestConditionBuilder()
          .withType("Approved").withStatus("True").withReason(APPROVAL_REASON)
          .withMessage(request.approvalMessage()).build();
      timer.time("kubernetes.ApproveCertificateSigningRequest", () -> resource.approve(approval));
    }
    CertificateSigningRequest signed;
    try {
      signed = timer.time("kubernetes.WaitCertificateSigningRequest", () -> resource.waitUntilCondition(
          csr -> csr != null && csr.getStatus() != null && (csr.getStatus().getCertificate() != null
              && !csr.getStatus().getCertificate().isEmpty() || failed(csr)),
          SIGNING_WAIT.toSeconds(), TimeUnit.SECONDS));
    } catch (KubernetesClientTimeoutException notSigned) {
      throw CredentialRefusal.unavailable("the signer did not sign " + request.name() + " within "
          + SIGNING_WAIT.toSeconds() + " s (is kube-controller-manager signing?); retry");
    }
    if (failed(signed)) {
      throw CredentialRefusal.unavailable("the signer failed " + request.name() + "; retry");
    }
    return new String(Base64.getDecoder().decode(signed.getStatus().getCertificate()), StandardCharsets.UTF_8);
  }

  /** Creates the request; on a retry (same name: same instance, same CSR hash) finds the one made before. */
  private CertificateSigningRequest create(CertificateSigningRequestResource<CertificateSigningRequest> resource,
      Request request, String encoded) {
    CertificateSigningRequest csr = new CertificateSigningRequestBuilder()
        .withNewMetadata().withName(request.name()).addToLabels("app.kubernetes.io/managed-by", "spotkube")
        .endMetadata()
        .withNewSpec().withSignerName(SIGNER).withRequest(encoded)
        .withUsages(List.copyOf(request.usages())).endSpec().build();
    try {
      return timer.time("kubernetes.CreateCertificateSigningRequest", () -> resource.create(csr));
    } catch (KubernetesClientException exists) {
      if (exists.getCode() != 409) {
        throw exists;
      }
      CertificateSigningRequest existing = resource.get();
      if (existing == null || existing.getSpec() == null || !encoded.equals(existing.getSpec().getRequest())) {
        throw CredentialRefusal.unavailable("CertificateSigningRequest " + request.name()
            + " exists with another request; retry");
      }
      return existing;
    }
  }

  private static boolean approved(CertificateSigningRequest csr) {
    return csr.getStatus() != null && csr.getStatus().getConditions() != null
        && csr.getStatus().getConditions().stream().anyMatch(condition -> "Approved".equals(condition.getType()));
  }

  private static boolean failed(CertificateSigningRequest csr) {
    return csr.getStatus() != null && csr.getStatus().getConditions() != null && csr.getStatus().getConditions()
        .stream().anyMatch(condition -> "Failed".equals(condition.getType()) || "Denied".equals(condition.getType()));
  }

  @Override
  public String clusterCa() {
    var config = client.getConfiguration();
    if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
      return new String(Base64.getDecoder().decode(config.getCaCertData().trim()), StandardCharsets.UTF_8);
    }
    if (config.getCaCertFile() != null) {
      try {
        return Files.readString(Path.of(config.getCaCertFile()));
      } catch (IOException e) {
        throw new UncheckedIOException("reading the cluster CA " + config.getCaCertFile(), e);
      }
    }
    throw new IllegalStateException("the runtime's Kubernetes client has no CA (certificate-authority)");
  }
}
