package io.spotkube.runtime.nodecredential.server;

import io.spotkube.runtime.nodecredential.CallerArn;
import io.spotkube.runtime.nodecredential.CredentialRefusal;
import io.spotkube.runtime.nodecredential.CredentialRequest;
import io.spotkube.runtime.nodecredential.NodeCsr;
import io.spotkube.runtime.nodecredential.StsToken;
import io.spotkube.runtime.ports.CallerIdentity;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.ports.InstanceLookup;
import io.spotkube.runtime.ports.NodeCertificates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node credential request, as kops-controller answers its nodes' bootstrap: the CSR and the token
 * are checked without I/O first, then STS says which instance signed the token (for this CSR only: the
 * token signs its hash), EC2 says which node name that instance has, and only a CSR for that name is
 * created and approved for the kubelet-client signer. Every refusal is a {@link CredentialRefusal}.
 */
public final class NodeCredentialIssuer {

  /** What a node gets: its certificate, and the CA to trust the API server by. */
  public record Issued(String instanceId, String nodeName, String certificate, String ca) {
  }

  private final CallerIdentity sts;
  private final InstanceLookup ec2;
  private final NodeCertificates kubernetes;
  private final ClusterOwnership ownership;
  private final Set<String> nodeRoles;

  public NodeCredentialIssuer(CallerIdentity sts, InstanceLookup ec2, NodeCertificates kubernetes,
      ClusterOwnership ownership, Set<String> nodeRoles) {
    this.sts = sts;
    this.ec2 = ec2;
    this.kubernetes = kubernetes;
    this.ownership = ownership;
    this.nodeRoles = Set.copyOf(nodeRoles);
  }

  /**
   * @param progress filled as the request is understood (instance, node name), for the decision's log line
   */
  public Issued issue(CredentialRequest request, Instant now, Progress progress) {
    NodeCsr csr = NodeCsr.parse(request.csr());
    progress.nodeName = csr.nodeName();
    StsToken token = StsToken.verify(request.token(), now);
    String arn = callPort("STS GetCallerIdentity", () -> sts.arn(token, request.csrHash()));
    CallerArn caller = CallerArn.parse(arn);
    String instanceId = caller.instanceId(nodeRoles);
    progress.instanceId = instanceId;
    InstanceInfo instance = callPort("EC2 DescribeInstances", () -> ec2.describe(instanceId)).orElse(null);
    InstanceCheck.check(instanceId, instance, caller, ownership, csr);
    Optional<String> existing = callPort("reading the Node", () -> kubernetes.providerIdOfNode(csr.nodeName()));
    existing.ifPresent(providerId -> InstanceCheck.checkExistingNode(csr.nodeName(), instanceId, providerId));

    List<String> usages = new ArrayList<>(List.of("digital signature", "client auth"));
    if (csr.rsa()) {
      usages.add(1, "key encipherment");
    }
    NodeCertificates.Request certificateRequest = new NodeCertificates.Request(
        "node-credential-" + instanceId + "-" + request.csrHash().substring(0, 10), request.csr(), usages,
        "EC2 vouches for instance " + instanceId + " as node " + csr.nodeName() + " (STS: " + arn + ")");
    String certificate = callPort("issuing the certificate", () -> kubernetes.issue(certificateRequest));
    String ca = callPort("reading the cluster CA", kubernetes::clusterCa);
    return new Issued(instanceId, csr.nodeName(), certificate, ca);
  }

  /** What is known of a request so far: a refusal's log line names the instance and node when it can. */
  public static final class Progress {
    volatile String instanceId;
    volatile String nodeName;

    public String instanceId() {
      return instanceId;
    }

    public String nodeName() {
      return nodeName;
    }
  }

  /** A port's failure that is not a refusal is the outside not answering: 503, the node retries. */
  private static <T> T callPort(String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (CredentialRefusal refusal) {
      throw refusal;
    } catch (RuntimeException portFailure) {
      throw new PortFailure(what, portFailure);
    }
  }

  /** A port that did not answer; the server logs the cause and answers 503 without it. */
  public static final class PortFailure extends RuntimeException {
    PortFailure(String what, RuntimeException cause) {
      super(what + " failed", cause);
    }
  }
}
