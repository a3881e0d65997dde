package io.spotkube.constructs.eks;

import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.eks_v2.IdentityType;

/** Eager checks of {@link SpotEksClusterProps}: one message naming the prop, its value and the fix. */
final class SpotEksClusterValidation {

  private static final String DNS_NAME = "[a-zA-Z][-a-zA-Z0-9_]{0,99}";
  private static final String CIDR = "(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}";

  private SpotEksClusterValidation() {
  }

  static void validate(SpotEksClusterProps props, String path) {
    String owner = "SpotEksCluster " + path + ": ";
    require(owner, "clusterName", props.getClusterName());
    if (!Token.isUnresolved(props.getClusterName()) && !props.getClusterName().matches(DNS_NAME)) {
      throw new IllegalArgumentException(owner + "clusterName (" + props.getClusterName()
          + ") must start with a letter and hold only letters, digits, '-' and '_' (at most 100), as EKS requires");
    }
    require(owner, "version", props.getVersion());
    require(owner, "runtimeImage", props.getRuntimeImage());
    if (!Token.isUnresolved(props.getServiceIpv4Cidr()) && !props.getServiceIpv4Cidr().matches(CIDR)) {
      throw new IllegalArgumentException(owner + "serviceIpv4Cidr (" + props.getServiceIpv4Cidr()
          + ") must be an IPv4 CIDR such as 172.20.0.0/16");
    }
    if (props.getRuntimeIdentity() == null) {
      throw new IllegalArgumentException(owner + "runtimeIdentity is required: IdentityType.POD_IDENTITY or IRSA");
    }
    if (props.getExistingCluster() != null) {
      validateExisting(owner, props);
      return;
    }
    require(owner, "endpointAccess", props.getEndpointAccess(),
        "choose EndpointAccess.PRIVATE, or PUBLIC_AND_PRIVATE.onlyFrom(your CIDRs)");
    require(owner, "kubectlLayer", props.getKubectlLayer(),
        "the kubectl provider applies the runtime's manifests with it: e.g. new KubectlV33Layer(this, \"Kubectl\") "
            + "(Maven software.amazon.awscdk:cdk-lambda-layer-kubectl-v33)");
    if (props.getVpc() != null && props.getAvailabilityZones() != null) {
      throw new IllegalArgumentException(owner + "availabilityZones applies to the VPC the cluster creates; remove it or the vpc prop");
    }
  }

  private static void validateExisting(String owner, SpotEksClusterProps props) {
    var cluster = props.getExistingCluster();
    String attributes = "give it in Cluster.fromClusterAttributes";
    for (String[] attribute : new String[][] {
        {"clusterEndpoint", cluster.getClusterEndpoint()},
        {"clusterCertificateAuthorityData", cluster.getClusterCertificateAuthorityData()},
        {"clusterSecurityGroupId", cluster.getClusterSecurityGroupId()}}) {
      if (attribute[1] == null) {
        throw new IllegalArgumentException(owner + "existingCluster has no " + attribute[0] + ": " + attributes);
      }
    }
    if (cluster.getVpc() == null) {
      throw new IllegalArgumentException(owner + "existingCluster has no vpc: " + attributes);
    }
    if (cluster.getKubectlProvider() == null) {
      throw new IllegalArgumentException(owner + "existingCluster has no kubectlProvider (the runtime's manifests are "
          + "applied through it): give Cluster.fromClusterAttributes a kubectlProvider, e.g. "
          + "KubectlProvider.fromKubectlProviderAttributes with its service token");
    }
    if (props.getRuntimeIdentity() == IdentityType.IRSA && cluster.getOpenIdConnectProvider() == null) {
      throw new IllegalArgumentException(owner + "runtimeIdentity (IRSA) needs existingCluster's openIdConnectProvider: "
          + attributes + ", or use POD_IDENTITY");
    }
    if (props.getVpc() != null || props.getAvailabilityZones() != null || props.getEndpointAccess() != null
        || props.getKubectlLayer() != null) {
      throw new IllegalArgumentException(owner + "vpc, availabilityZones, endpointAccess and kubectlLayer apply to a "
          + "new cluster; an existing cluster brings its own (remove them or existingCluster)");
    }
  }

  private static void require(String owner, String prop, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(owner + prop + " is required");
    }
  }

  private static void require(String owner, String prop, Object value, String fix) {
    if (value == null) {
      throw new IllegalArgumentException(owner + prop + " is required: " + fix);
    }
  }
}
