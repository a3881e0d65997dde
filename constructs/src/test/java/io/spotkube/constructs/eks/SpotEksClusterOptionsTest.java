package io.spotkube.constructs.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.eks_v2.Cluster;
import software.amazon.awscdk.services.eks_v2.ClusterAttributes;
import software.amazon.awscdk.services.eks_v2.IdentityType;
import software.amazon.awscdk.services.eks_v2.KubectlProvider;
import software.amazon.awscdk.services.eks_v2.KubectlProviderAttributes;

/** IRSA instead of Pod Identity, an existing cluster, and the props' errors. */
class SpotEksClusterOptionsTest {

  @Test
  void irsaTrustsTheClustersOidcProviderForTheServiceAccountAndAnnotatesIt() {
    EksTestStacks stacks = new EksTestStacks();
    SpotEksCluster cluster = new SpotEksCluster(stacks.stack, "Cluster", stacks.props().runtimeIdentity(IdentityType.IRSA).build());
    Template template = Template.fromStack(stacks.stack);
    SynthesizedTemplate synthesized = new SynthesizedTemplate(template.toJSON());

    template.resourceCountIs("AWS::EKS::PodIdentityAssociation", 0);
    template.resourceCountIs("AWS::EKS::Addon", 0);
    template.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of(
        "Statement", List.of(Match.objectLike(Map.of("Action", "sts:AssumeRoleWithWebIdentity",
            "Principal", Map.of("Federated", Match.anyValue())))), "Version", "2012-10-17")));
    assertThat(synthesized.manifestObject("ServiceAccount").get("annotations")).contains("eks.amazonaws.com/role-arn");
    assertThat(cluster.getRuntimeRole()).isNotNull();
  }

  @Test
  void anExistingClusterGetsNodeGroupsQueueAndRuntimeButNoNewControlPlane() {
    EksTestStacks stacks = new EksTestStacks();
    Vpc vpc = Vpc.Builder.create(stacks.stack, "ExistingVpc").maxAzs(2).natGateways(1).restrictDefaultSecurityGroup(false).build();
    var existing = Cluster.fromClusterAttributes(stacks.stack, "Existing", ClusterAttributes.builder()
        .clusterName("their-cluster")
        .clusterEndpoint("https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com")
        .clusterCertificateAuthorityData("Q0E=")
        .clusterSecurityGroupId("sg-0123456789abcdef0")
        .vpc(vpc)
        .kubectlProvider(KubectlProvider.fromKubectlProviderAttributes(stacks.stack, "TheirKubectlProvider",
            KubectlProviderAttributes.builder()
                .serviceToken("arn:aws:lambda:eu-west-1:123456789012:function:their-kubectl-provider").build()))
        .build());
    SpotEksCluster cluster = new SpotEksCluster(stacks.stack, "Spot", SpotEksClusterProps.builder()
        .clusterName("their-cluster")
        .version(software.amazon.awscdk.services.eks_v2.KubernetesVersion.V1_33)
        .existingCluster(existing)
        .serviceIpv4Cidr("10.100.0.0/16")
        .runtimeImage(io.spotkube.constructs.RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .build());
    cluster.addSpotNodeGroup("spot", DiversifiedSpotNodeGroupProps.builder().instanceTypes(List.of("m5.large", "m5a.large"))
        .minCapacity(0).maxCapacity(3).build());
    Template template = Template.fromStack(stacks.stack);
    SynthesizedTemplate synthesized = new SynthesizedTemplate(template.toJSON());

    template.resourceCountIs("AWS::EKS::Cluster", 0);
    template.hasResourceProperties("AWS::EKS::AccessEntry", Map.of("ClusterName", "their-cluster", "Type", "EC2_LINUX"));
    template.hasResourceProperties("AWS::EKS::PodIdentityAssociation", Map.of("ClusterName", "their-cluster"));
    template.resourceCountIs("AWS::EKS::Addon", 0); // an existing cluster usually has the agent
    assertThat(synthesized.userDataOfLaunchTemplate("Spotspot")).contains(
        "apiServerEndpoint: \"https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com\"", "cidr: \"10.100.0.0/16\"");
    assertThat(synthesized.launchTemplateData("Spotspot").get("NetworkInterfaces").toString()).contains("sg-0123456789abcdef0");
  }

  @Test
  void anExistingClusterWithoutAKubectlProviderIsNamed() {
    EksTestStacks stacks = new EksTestStacks();
    Vpc vpc = Vpc.Builder.create(stacks.stack, "ExistingVpc").maxAzs(2).natGateways(1).restrictDefaultSecurityGroup(false).build();
    var existing = Cluster.fromClusterAttributes(stacks.stack, "Existing", ClusterAttributes.builder()
        .clusterName("their-cluster").clusterEndpoint("https://x.eks.amazonaws.com").clusterCertificateAuthorityData("Q0E=")
        .clusterSecurityGroupId("sg-0123456789abcdef0").vpc(vpc).build());
    assertThatThrownBy(() -> new SpotEksCluster(stacks.stack, "Spot", SpotEksClusterProps.builder()
        .clusterName("their-cluster").version(software.amazon.awscdk.services.eks_v2.KubernetesVersion.V1_33)
        .existingCluster(existing)
        .runtimeImage(io.spotkube.constructs.RuntimeImage.fromUri("registry.example.com/spotkube/runtime:1.0"))
        .build()))
        .hasMessageStartingWith("SpotEksCluster Test/Spot: existingCluster has no kubectlProvider");
  }

  @Test
  void endpointAccessMustBeChosen() {
    EksTestStacks stacks = new EksTestStacks();
    assertThatThrownBy(() -> new SpotEksCluster(stacks.stack, "Cluster", stacks.props().endpointAccess(null).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SpotEksCluster Test/Cluster: endpointAccess is required: choose EndpointAccess.PRIVATE, "
            + "or PUBLIC_AND_PRIVATE.onlyFrom(your CIDRs)");
  }

  @Test
  void kubectlLayerIsRequiredAndTheMessageSaysWhereOneComesFrom() {
    EksTestStacks stacks = new EksTestStacks();
    assertThatThrownBy(() -> new SpotEksCluster(stacks.stack, "Cluster", stacks.props().kubectlLayer(null).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kubectlLayer is required")
        .hasMessageContaining("software.amazon.awscdk:cdk-lambda-layer-kubectl-v33");
  }

  @Test
  void aBadServiceCidrIsNamed() {
    EksTestStacks stacks = new EksTestStacks();
    assertThatThrownBy(() -> new SpotEksCluster(stacks.stack, "Cluster", stacks.props().serviceIpv4Cidr("172.20.0.0").build()))
        .hasMessage("SpotEksCluster Test/Cluster: serviceIpv4Cidr (172.20.0.0) must be an IPv4 CIDR such as 172.20.0.0/16");
  }

  /** The guide's knobs (RuntimeOptions, shared with the kubeadm cluster) reach the applied manifest. */
  @Test
  void theGuidesKnobsReachTheRuntimeOnEksToo() {
    EksTestStacks stacks = new EksTestStacks();
    new SpotEksCluster(stacks.stack, "Cluster", stacks.props()
        .scanInterval(software.amazon.awscdk.Duration.seconds(30))
        .maxNodeProvisionTime(software.amazon.awscdk.Duration.minutes(20))
        .expanderPriorities(Map.of(10, List.of(".*spot.*")))
        .expander("priority,least-waste")
        .runtimeMemoryMib(1024)
        .build());
    String manifest = new SynthesizedTemplate(Template.fromStack(stacks.stack).toJSON()).manifestText();

    assertThat(manifest).contains("--scan-interval=30s", "--max-node-provision-time=20m",
        "--expander=priority,least-waste", "1024Mi", ".*spot.*");
  }

  @Test
  void badRuntimeKnobsAreNamedWithTheEksCluster() {
    EksTestStacks stacks = new EksTestStacks();
    assertThatThrownBy(() -> new SpotEksCluster(stacks.stack, "Cluster", stacks.props().runtimeMemoryMib(64).build()))
        .hasMessage("SpotEksCluster Test/Cluster: runtimeMemoryMib (64) must be between 256 and 65536");
  }
}
