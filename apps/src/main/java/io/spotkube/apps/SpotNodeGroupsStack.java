package io.spotkube.apps;

import io.spotkube.constructs.DiversifiedSpotNodeGroup;
import io.spotkube.constructs.DiversifiedSpotNodeGroupProps;
import io.spotkube.constructs.TerminationHandlerQueue;
import io.spotkube.constructs.TerminationHandlerQueueProps;
import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.autoscaling.SpotAllocationStrategy;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The kOps Spot tutorial's two instance-selector node groups and the termination handler's
 * queue, in a VPC over three zones.
 */
public class SpotNodeGroupsStack extends Stack {

  /** The tutorial's selector flags: {@code --burst-support=false --deny-list '^?[1-3].*\..*' --gpus 0}. */
  public static final String TUTORIAL_DENY_LIST = "^?[1-3].*\\..*";
  public static final String CLUSTER_NAME = "spot-kops-cluster";

  private final DiversifiedSpotNodeGroup fourVcpuGroup;
  private final DiversifiedSpotNodeGroup twoVcpuGroup;
  private final TerminationHandlerQueue terminationQueue;

  public SpotNodeGroupsStack(Construct scope, String id, StackProps props, List<String> availabilityZones) {
    super(scope, id, props);

    Vpc vpc = Vpc.Builder.create(this, "Vpc")
        .availabilityZones(availabilityZones)
        .natGateways(availabilityZones.size())
        .restrictDefaultSecurityGroup(false)
        .subnetConfiguration(List.of(
            SubnetConfiguration.builder().name("utility").subnetType(SubnetType.PUBLIC).cidrMask(22).build(),
            SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(19).build()))
        .flowLogs(java.util.Map.of("RejectedTraffic", FlowLogOptions.builder()
            .destination(FlowLogDestination.toCloudWatchLogs())
            .trafficType(FlowLogTrafficType.REJECT)
            .build()))
        .build();
    // The zones are named (see TutorialContext); the CloudFormation validator's advice to look
    // them up would make synth depend on credentials.
    Validations.of(vpc).acknowledge(Acknowledgment.builder()
        .id("CloudFormation-Validate::W3010")
        .reason("availability zones come from CDK context so synth stays offline and deterministic")
        .build());
    Role nodeRole = Role.Builder.create(this, "SpotNodeRole")
        .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
        .description(CLUSTER_NAME + " Spot nodes")
        .build();
    SecurityGroup nodes = SecurityGroup.Builder.create(this, "NodeSecurityGroup")
        .vpc(vpc)
        .description(CLUSTER_NAME + " nodes")
        .allowAllOutbound(true)
        .build();

    this.terminationQueue = new TerminationHandlerQueue(this, "TerminationHandler",
        TerminationHandlerQueueProps.builder().clusterName(CLUSTER_NAME).build());
    this.fourVcpuGroup = spotGroup("spot-group-base-4vcpus-16gb", "m5.xlarge", vpc, nodeRole, nodes);
    this.twoVcpuGroup = spotGroup("spot-group-base-2vcpus-8gb", "m5.large", vpc, nodeRole, nodes);
    terminationQueue.addNodeGroup(fourVcpuGroup);
    terminationQueue.addNodeGroup(twoVcpuGroup);

    CfnOutput.Builder.create(this, "TerminationQueueUrl").value(terminationQueue.getQueueUrl()).build();
  }

  /** {@code kops toolbox instance-selector NAME --usage-class spot --cluster-autoscaler --base-instance-type BASE ...}. */
  private DiversifiedSpotNodeGroup spotGroup(String name, String baseInstanceType, Vpc vpc, Role role, SecurityGroup nodes) {
    return new DiversifiedSpotNodeGroup(this, name, DiversifiedSpotNodeGroupProps.builder()
        .clusterName(CLUSTER_NAME)
        .vpc(vpc)
        .nodeRole(role)
        .securityGroup(nodes)
        .baseInstanceType(baseInstanceType)
        .burstSupport(false)
        .denyList(TUTORIAL_DENY_LIST)
        .gpus(0)
        .minCapacity(1)
        .maxCapacity(5)
        .spotAllocationStrategy(SpotAllocationStrategy.CAPACITY_OPTIMIZED)
        .build());
  }

  public DiversifiedSpotNodeGroup getFourVcpuGroup() {
    return fourVcpuGroup;
  }

  public DiversifiedSpotNodeGroup getTwoVcpuGroup() {
    return twoVcpuGroup;
  }

  public TerminationHandlerQueue getTerminationQueue() {
    return terminationQueue;
  }
}
