package io.spotkube.runtime.cli;

import io.spotkube.runtime.adapters.aws.AwsClients;
import io.spotkube.runtime.adapters.aws.Ec2InstanceLookup;
import io.spotkube.runtime.adapters.aws.StsCallerIdentity;
import io.spotkube.runtime.adapters.kubernetes.Fabric8NodeCertificates;
import io.spotkube.runtime.nodecredential.server.NodeCredentialIssuer;
import io.spotkube.runtime.nodecredential.server.NodeCredentialMetrics;
import io.spotkube.runtime.nodecredential.server.NodeCredentialServer;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.service.RuntimeService;
import java.time.Clock;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Wires the node credential server to STS (the node's presigned request, relayed), EC2 (the runtime's
 * DescribeInstances adapter) and Kubernetes (the shared client). Not leader-only: it keeps no state.
 */
final class NodeCredentialServiceFactory {

  private NodeCredentialServiceFactory() {
  }

  static Service create(NodeCredentialOptions options, AwsClients aws, MetricsRegistry metrics,
      SharedCluster shared, ClusterOwnership ownership) {
    return new Service(options, aws.ec2(), metrics, shared, ownership);
  }

  /** The server as one of {@code run}'s services. */
  static final class Service implements RuntimeService {

    private final NodeCredentialOptions options;
    private final Ec2Client ec2;
    private final MetricsRegistry metrics;
    private final NodeCredentialMetrics counts;
    private final SharedCluster shared;
    private final ClusterOwnership ownership;
    private volatile NodeCredentialServer server;

    private Service(NodeCredentialOptions options, Ec2Client ec2, MetricsRegistry metrics, SharedCluster shared,
        ClusterOwnership ownership) {
      this.options = options;
      this.ec2 = ec2;
      this.metrics = metrics;
      this.counts = new NodeCredentialMetrics(metrics);
      this.shared = shared;
      this.ownership = ownership;
    }

    @Override
    public String name() {
      return "node credentials";
    }

    @Override
    public void start() {
      CallTimer timer = CallTimer.in(metrics);
      NodeCredentialIssuer issuer = new NodeCredentialIssuer(new StsCallerIdentity(options.stsEndpoint(), timer),
          new Ec2InstanceLookup(ec2, timer), new Fabric8NodeCertificates(shared.client(), timer), ownership,
          options.nodeRoles());
      server = NodeCredentialServer.start(options.address(), issuer, Clock.systemUTC(), counts);
    }

    @Override
    public boolean ready() {
      return server != null;
    }

    /** The port it listens on (the flag's, or the one picked for port 0). */
    int port() {
      return server.port();
    }

    NodeCredentialMetrics metrics() {
      return counts;
    }

    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
      ec2.close();
    }
  }
}
