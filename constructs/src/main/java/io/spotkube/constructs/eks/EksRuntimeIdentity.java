package io.spotkube.constructs.eks;

import java.util.List;
import java.util.Map;
import org.cdk8s.plus25.ServiceAccount;
import software.amazon.awscdk.CfnJson;
import software.amazon.awscdk.services.eks.CfnPodIdentityAssociation;
import software.amazon.awscdk.services.eks_v2.Addon;
import software.amazon.awscdk.services.eks_v2.ICluster;
import software.amazon.awscdk.services.eks_v2.IdentityType;
import software.amazon.awscdk.services.iam.OpenIdConnectPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The runtime's AWS identity on EKS, on its service account and never on the node roles:
 * by default EKS Pod Identity (the {@code eks-pod-identity-agent} add-on, a role trusting
 * {@code pods.eks.amazonaws.com} with {@code sts:AssumeRole} and {@code sts:TagSession}, and an
 * association of the role with the runtime's namespace and service account); or IRSA (a role
 * trusting the cluster's OIDC provider for exactly that service account, whose manifest gets the
 * {@code eks.amazonaws.com/role-arn} annotation).
 */
final class EksRuntimeIdentity extends Construct {

  static final String POD_IDENTITY_AGENT = "eks-pod-identity-agent";
  static final String IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

  private final Role role;
  private final IConstruct association;

  EksRuntimeIdentity(Construct scope, String id, ICluster cluster, IdentityType type, boolean installAgent,
                     String namespace, String serviceAccount) {
    super(scope, id);
    if (type == IdentityType.IRSA) {
      this.role = irsaRole(cluster, namespace, serviceAccount);
      this.association = null;
      return;
    }
    this.role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("pods.eks.amazonaws.com").withSessionTags())
        .description("spotkube " + serviceAccount + " (EKS Pod Identity): autoscaling and interruption draining")
        .build();
    CfnPodIdentityAssociation podIdentity = CfnPodIdentityAssociation.Builder.create(this, "Association")
        .clusterName(cluster.getClusterName())
        .namespace(namespace)
        .serviceAccount(serviceAccount)
        .roleArn(role.getRoleArn())
        .build();
    if (installAgent) {
      // The agent serves the credentials on each node (169.254.170.23); without it pods get none.
      Addon agent = Addon.Builder.create(this, "Agent").cluster(cluster).addonName(POD_IDENTITY_AGENT).build();
      podIdentity.getNode().addDependency(agent);
    }
    this.association = podIdentity;
  }

  private Role irsaRole(ICluster cluster, String namespace, String serviceAccount) {
    if (cluster.getOpenIdConnectProvider() == null) {
      throw new IllegalArgumentException("SpotEksCluster " + getNode().getPath()
          + ": runtimeIdentity (IRSA) needs the cluster's OpenID Connect provider; use POD_IDENTITY or give the "
          + "existing cluster's openIdConnectProvider");
    }
    String issuer = cluster.getOpenIdConnectProvider().getOpenIdConnectProviderIssuer();
    // The issuer is known at deploy time only, and it is a condition key: CfnJson resolves it.
    CfnJson condition = CfnJson.Builder.create(this, "Condition").value(Map.of(
        issuer + ":sub", "system:serviceaccount:" + namespace + ":" + serviceAccount,
        issuer + ":aud", "sts.amazonaws.com")).build();
    return Role.Builder.create(this, "Role")
        .assumedBy(new OpenIdConnectPrincipal(cluster.getOpenIdConnectProvider(), Map.of("StringEquals", condition)))
        .description("spotkube " + serviceAccount + " (IRSA): autoscaling and interruption draining")
        .build();
  }

  /** IRSA: the annotation on the chart's service account. Pod Identity needs none. */
  void annotate(ServiceAccount account) {
    if (association == null) {
      account.getMetadata().addAnnotation(IRSA_ANNOTATION, role.getRoleArn());
    }
  }

  Role role() {
    return role;
  }

  /** What the runtime's pods must wait for (their credentials are injected when they are created). */
  List<IConstruct> prerequisites() {
    return association == null ? List.of(role) : List.of(role, association);
  }
}
