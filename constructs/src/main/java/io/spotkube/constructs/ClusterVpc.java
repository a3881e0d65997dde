package io.spotkube.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The VPC a cluster creates: kOps' private topology over named zones, public "utility" subnets
 * for the NAT gateways (one per zone, so a zone outage does not cut the others off) and large
 * private subnets for the nodes, rejected traffic logged. Both control planes' clusters create it.
 */
public final class ClusterVpc {

  private ClusterVpc() {
  }

  /** Creates the VPC as {@code scope}'s child {@code Vpc} over {@code availabilityZones}. */
  public static Vpc create(Construct scope, List<String> availabilityZones) {
    Vpc vpc = Vpc.Builder.create(scope, "Vpc")
        .availabilityZones(availabilityZones)
        .natGateways(availabilityZones.size())
        // Restricting the default group needs a Lambda-backed custom resource; nothing here uses it.
        .restrictDefaultSecurityGroup(false)
        .subnetConfiguration(List.of(
            SubnetConfiguration.builder().name("utility").subnetType(SubnetType.PUBLIC).cidrMask(22).build(),
            SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(19).build()))
        .flowLogs(Map.of("RejectedTraffic", FlowLogOptions.builder()
            .destination(FlowLogDestination.toCloudWatchLogs(flowLogGroup(scope)))
            .trafficType(FlowLogTrafficType.REJECT)
            .build()))
        .build();
    Validations.of(vpc).acknowledge(Acknowledgment.builder()
        .id("CloudFormation-Validate::W3010")
        .reason("zones are named (props or the stack region) so synth needs no lookup and no credentials")
        .build());
    return vpc;
  }

  /**
   * The rejected-traffic log group, encrypted with a customer-managed key (rotated yearly) that
   * only CloudWatch Logs of this region may use, and only for log groups of this account
   * (the encryption-context condition AWS documents for log-group keys).
   */
  private static LogGroup flowLogGroup(Construct scope) {
    Key key = Key.Builder.create(scope, "FlowLogKey")
        .description("spotkube: the VPC's rejected-traffic flow logs")
        .enableKeyRotation(true)
        .build();
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("AllowCloudWatchLogsOfThisAccount")
        .effect(Effect.ALLOW)
        .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
        .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
        .resources(List.of("*"))
        .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
            "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*")))
        .build());
    return LogGroup.Builder.create(scope, "FlowLogGroup")
        .encryptionKey(key)
        .retention(RetentionDays.TWO_YEARS) // what the VPC's own flow-log group had
        .build();
  }
}
