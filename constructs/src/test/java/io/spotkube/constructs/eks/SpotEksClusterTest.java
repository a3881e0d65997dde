package io.spotkube.constructs.eks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotkube.catalog.InstanceType;
import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import io.spotkube.constructs.InstanceTypeSelection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What SpotEksCluster writes: the guide's cluster synthesized once, read as CloudFormation. */
class SpotEksClusterTest {

  private static Template template;
  private static SynthesizedTemplate synthesized;

  @BeforeAll
  static void synthesizeTheGuidesCluster() {
    synthesized = EksTestStacks.guideTemplate();
    template = Template.fromJSON(synthesized.json());
  }

  @Test
  void isANativeEksClusterWithTheChosenEndpointAndEveryControlPlaneLog() {
    template.hasResourceProperties("AWS::EKS::Cluster", Map.of(
        "Name", EksTestStacks.CLUSTER,
        "Version", "1.33",
        "ResourcesVpcConfig", Match.objectLike(Map.of("EndpointPrivateAccess", true, "EndpointPublicAccess", false)),
        "Logging", Map.of("ClusterLogging", Map.of("EnabledTypes", List.of(Map.of("Type", "api"), Map.of("Type", "audit"),
            Map.of("Type", "authenticator"), Map.of("Type", "controllerManager"), Map.of("Type", "scheduler")))),
        "KubernetesNetworkConfig", Match.objectLike(Map.of("ServiceIpv4Cidr", "172.20.0.0/16")),
        "EncryptionConfig", Match.anyValue()));
    // eks_v2: no Lambda-backed cluster resource, and no Auto Mode compute nobody asked for.
    template.resourceCountIs("Custom::AWSCDK-EKS-Cluster", 0);
    template.hasResourceProperties("AWS::EKS::Cluster", Map.of("ComputeConfig", Map.of("Enabled", false)));
  }

  @Test
  void everySelfManagedNodeRoleIsAdmittedByAnEc2LinuxAccessEntry() {
    List<String> roles = synthesized.selfManagedNodeRoles();
    assertThat(roles).hasSize(2);
    for (String role : roles) {
      template.hasResourceProperties("AWS::EKS::AccessEntry", Map.of(
          "Type", "EC2_LINUX",
          "PrincipalArn", Map.of("Fn::GetAtt", List.of(role, "Arn")),
          "AccessPolicies", List.of()));
    }
  }

  @Test
  void spotGroupsKeepTheirMixedInstancesPolicyAndBootWithANodeConfig() {
    Map<String, Map<String, Object>> groups = template.findResources("AWS::AutoScaling::AutoScalingGroup",
        Map.of("Properties", Map.of("MixedInstancesPolicy", Match.objectLike(Map.of(
            "InstancesDistribution", Match.objectLike(Map.of("OnDemandPercentageAboveBaseCapacity", 0)))))));
    // One group per zone, as the guide recommends for --balance-similar-node-groups.
    assertThat(groups.keySet()).filteredOn(id -> id.contains("spot2vcpus8gb")).hasSize(3);
    String userData = synthesized.userDataOfLaunchTemplate("spot2vcpus8gb");
    assertThat(userData)
        .startsWith("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=")
        .contains("Content-Type: application/node.eks.aws", "kind: NodeConfig", "name: \"spot-eks-cluster\"",
            "apiServerEndpoint: \"{Fn::GetAtt=[", "cidr: \"172.20.0.0/16\"",
            // The VPC CNI's limit of the group's smallest-ENI type (m4.large: 2 ENIs x 10 addresses), not 110;
            // the memory reservation follows it (255 MiB + 11 MiB per pod).
            "maxPods: 20", "\"--max-pods=20\"", "\"--kube-reserved=cpu=70m,memory=475Mi\"");
    // m5.large alone: 3 ENIs x 10 addresses -> 29.
    assertThat(synthesized.userDataOfLaunchTemplate("nodes")).contains("maxPods: 29", "\"--max-pods=29\"",
        "\"--kube-reserved=cpu=70m,memory=574Mi\"");
  }

  @Test
  void selfManagedNodesRunTheAl2023EksAmiInTheClusterSecurityGroupWithHopLimitOne() {
    Map<String, Object> data = synthesized.launchTemplateData("spot2vcpus8gb");
    assertThat(data.get("MetadataOptions")).isEqualTo(Map.of("HttpPutResponseHopLimit", 1, "HttpTokens", "required"));
    assertThat(data.get("NetworkInterfaces").toString()).contains("ClusterSecurityGroupId");
    String imageParameter = ((Map<?, ?>) data.get("ImageId")).get("Ref").toString();
    assertThat(synthesized.parameterDefault(imageParameter))
        .isEqualTo("/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id");
    assertThat(data.get("BlockDeviceMappings").toString()).contains("DeviceName=/dev/xvda", "Encrypted=true");
  }

  @Test
  void managedSpotGroupIsSpotOnAl2023WithTheSelectorsTypes() {
    List<String> selected = InstanceTypeSelection.resolve(DiversifiedSpotNodeGroupProps.builder()
            .baseInstanceType("m5.xlarge").burstSupport(false).denyList("^?[1-3].*\\..*").gpus(0).build(), "Test", "Test")
        .stream().map(InstanceType::name).toList();
    template.hasResourceProperties("AWS::EKS::Nodegroup", Map.of(
        "CapacityType", "SPOT",
        "AmiType", "AL2023_x86_64_STANDARD",
        "InstanceTypes", selected,
        "ScalingConfig", Map.of("MinSize", 0, "MaxSize", 5),
        // kops.k8s.io/* labels are reserved to controllers (NodeRestriction): EKS would hand them to the kubelet.
        "Labels", Match.absent()));
    assertThat(synthesized.launchTemplateData("managedspot").get("MetadataOptions"))
        .isEqualTo(Map.of("HttpPutResponseHopLimit", 1, "HttpTokens", "required"));
  }

  @Test
  void managedSpotGroupsInstancesCarryTheHandlersManagedTag() {
    assertThat(SpotEksClusterTest.json(synthesized.launchTemplateData("managedspot").get("TagSpecifications")))
        .as("instance tags of the managed group's launch template")
        .contains("\"ResourceType\":\"instance\"", "\"Key\":\"aws-node-termination-handler/managed\"");
  }

  @Test
  void runtimeGetsItsCredentialsFromPodIdentityForTheChartsServiceAccount() {
    Map<String, String> serviceAccount = synthesized.manifestObject("ServiceAccount");
    template.hasResourceProperties("AWS::EKS::PodIdentityAssociation", Map.of(
        "Namespace", serviceAccount.get("namespace"),
        "ServiceAccount", serviceAccount.get("name"),
        "RoleArn", Map.of("Fn::GetAtt", List.of(synthesized.podIdentityRole(), "Arn"))));
    template.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of(
        "Statement", List.of(Map.of("Action", List.of("sts:AssumeRole", "sts:TagSession"), "Effect", "Allow",
            "Principal", Map.of("Service", "pods.eks.amazonaws.com"))), "Version", "2012-10-17")));
    template.hasResourceProperties("AWS::EKS::Addon", Map.of("AddonName", "eks-pod-identity-agent"));
    // Created after the association: credentials are injected when a pod is created.
    assertThat(synthesized.manifestDependencies()).anyMatch(id -> id.startsWith("ClusterRuntimeIdentityAssociation"));
  }

  @Test
  void runtimePermissionsAreOnItsRoleAndNeverOnTheNodeRoles() {
    String runtimePolicy = synthesized.policyOfRole(synthesized.podIdentityRole());
    assertThat(runtimePolicy).contains("sqs:ReceiveMessage", "autoscaling:SetDesiredCapacity",
        "autoscaling:CompleteLifecycleAction");
    for (String nodeRole : synthesized.selfManagedNodeRoles()) {
      assertThat(synthesized.policyOfRole(nodeRole)).as(nodeRole)
          .doesNotContain("sqs:", "autoscaling:SetDesiredCapacity", "autoscaling:CompleteLifecycleAction");
    }
  }

  @Test
  void runtimeMayReadTheClustersManagedNodeGroupsOnly() {
    String runtimePolicy = synthesized.policyOfRole(synthesized.podIdentityRole());
    assertThat(runtimePolicy).contains("eks:DescribeNodegroup",
        ":nodegroup/" + EksTestStacks.CLUSTER + "/*/*");
    for (String nodeRole : synthesized.selfManagedNodeRoles()) {
      assertThat(synthesized.policyOfRole(nodeRole)).as(nodeRole).doesNotContain("eks:DescribeNodegroup");
    }
  }

  @Test
  void runtimeIsConfiguredAsTheGuideConfiguresClusterAutoscaler() {
    assertThat(synthesized.manifestText()).contains("--expander=least-waste", "--balance-similar-node-groups=true",
        "--skip-nodes-with-system-pods=false", "--skip-nodes-with-local-storage=false",
        "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/spot-eks-cluster");
  }

  static String json(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
