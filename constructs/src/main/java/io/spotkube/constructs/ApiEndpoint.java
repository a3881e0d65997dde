package io.spotkube.constructs;

import java.util.List;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.constructs.Construct;

/** The Kubernetes API endpoint: an internal Network Load Balancer in the private subnets. */
final class ApiEndpoint {

  private ApiEndpoint() {
  }

  static NetworkLoadBalancer create(Construct scope, IVpc vpc, ISecurityGroup securityGroup) {
    NetworkLoadBalancer loadBalancer = NetworkLoadBalancer.Builder.create(scope, "ApiLoadBalancer")
        .vpc(vpc)
        .internetFacing(false)
        .crossZoneEnabled(true)
        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
        .securityGroups(List.of(securityGroup))
        .build();
    String tcpOnly = "NLB access logs record TLS listeners only; the API listener is TCP passthrough "
        + "(TLS ends at kube-apiserver), so they would stay empty.";
    SpotKubernetesCluster.suppress(loadBalancer, "AwsSolutions-ELB2", tcpOnly);
    CheckovSkipMetadata.skip(loadBalancer, "CKV_AWS_91", tcpOnly);
    return loadBalancer;
  }
}
