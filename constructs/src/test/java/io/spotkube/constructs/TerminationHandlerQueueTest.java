package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerminationHandlerQueueTest {

  private Template template;
  private String groupLogicalId;

  @BeforeAll
  void synthesizeQueueWithOneGroup() {
    TestStacks stacks = new TestStacks();
    TerminationHandlerQueue queue = new TerminationHandlerQueue(stacks.stack, "TerminationHandler",
        TerminationHandlerQueueProps.builder().clusterName(TestStacks.CLUSTER).build());
    DiversifiedSpotNodeGroup group = new DiversifiedSpotNodeGroup(stacks.stack, "Spot", stacks.tutorialGroup("m5.large").build());
    queue.addNodeGroup(group);
    Role handler = Role.Builder.create(stacks.stack, "HandlerRole").assumedBy(new ServicePrincipal("ec2.amazonaws.com")).build();
    queue.grantConsume(handler);
    template = Template.fromStack(stacks.stack);
    groupLogicalId = template.findResources("AWS::AutoScaling::AutoScalingGroup").keySet().iterator().next();
  }

  @Test
  void queueIsEncryptedWithADeadLetterQueue() {
    Map<String, Object> byTheKey = Map.of("Fn::GetAtt", List.of(keyLogicalId(), "Arn"));
    template.hasResourceProperties("AWS::SQS::Queue", Map.of(
        "KmsMasterKeyId", byTheKey,
        "VisibilityTimeout", 150,
        "RedrivePolicy", Map.of("deadLetterTargetArn", Match.anyValue(), "maxReceiveCount", 5)));
    template.hasResourceProperties("AWS::SQS::Queue", Map.of(
        "MessageRetentionPeriod", 1_209_600,
        "KmsMasterKeyId", byTheKey));
    template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
  }

  @Test
  void eventBridgeMayUseTheQueuesKeyOnlyForRulesOfThisAccount() {
    List<Map<String, Object>> forEventBridge = keyPolicyStatements().stream()
        .filter(statement -> Map.of("Service", "events.amazonaws.com").equals(statement.get("Principal")))
        .toList();

    // EventBridge must encrypt what it sends to a KMS-encrypted queue ...
    assertThat(forEventBridge).anySatisfy(statement ->
        assertThat(statement.get("Action").toString()).contains("kms:GenerateDataKey", "kms:Decrypt"));
    // ... but only on behalf of this account's rules (no confused deputy)
    assertThat(forEventBridge).allSatisfy(statement -> assertThat(statement.get("Condition"))
        .isEqualTo(Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))));
  }

  @Test
  void queuePolicyDeniesNonTlsAndLetsOnlyThisConstructsRulesSend() {
    template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
        Match.objectLike(Map.of(
            "Effect", "Deny",
            "Action", "sqs:*",
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    List<Map<String, Object>> allows = queuePolicyStatements(template.findResources("AWS::SQS::QueuePolicy").values().stream()
        .filter(policy -> policy.toString().contains("sqs:SendMessage")).findFirst().orElseThrow()).stream()
        .filter(statement -> "Allow".equals(statement.get("Effect"))).toList();
    List<Map<String, String>> ruleArns = template.findResources("AWS::Events::Rule").keySet().stream().sorted()
        .map(id -> Map.of("Fn::GetAtt", List.of(id, "Arn"))).map(arn -> (Map<String, String>) (Map) arn).toList();

    assertThat(ruleArns).hasSize(7); // the seven routes of the class documentation
    // one Allow: EventBridge, for exactly these rules (any other rule in the account is refused)
    assertThat(allows).singleElement().satisfies(statement -> {
      assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "events.amazonaws.com"));
      assertThat(statement.get("Action")).isEqualTo("sqs:SendMessage");
      @SuppressWarnings("unchecked")
      List<Object> sources = (List<Object>) ((Map<String, Map<String, Object>>) statement.get("Condition"))
          .get("ArnEquals").get("aws:SourceArn");
      assertThat(sources).containsExactlyInAnyOrderElementsOf(ruleArns);
    });
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> queuePolicyStatements(Map<String, Object> policy) {
    return (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) policy.get("Properties"))
        .get("PolicyDocument")).get("Statement");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "aws.ec2    | EC2 Spot Instance Interruption Warning",
      "aws.ec2    | EC2 Instance Rebalance Recommendation",
      "aws.ec2    | EC2 Capacity Reservation Instance Interruption Warning",
  })
  void plainEc2EventsAreRoutedWithExactPatterns(String source, String detailType) {
    template.hasResourceProperties("AWS::Events::Rule", Map.of(
        "State", "ENABLED",
        "EventPattern", Map.of("source", List.of(source), "detail-type", List.of(detailType)),
        "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Fn::GetAtt", List.of(queueLogicalId(), "Arn")))))));
  }

  @Test
  void stateChangesAreRoutedOnlyForStatesThatTakeTheInstanceAway() {
    template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
        "source", List.of("aws.ec2"),
        "detail-type", List.of("EC2 Instance State-change Notification"),
        "detail", Map.of("state", List.of("stopping", "stopped", "shutting-down", "terminated")))));
  }

  @Test
  void healthScheduledChangesForEc2AreRouted() {
    template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
        "source", List.of("aws.health"),
        "detail-type", List.of("AWS Health Event"),
        "detail", Map.of("service", List.of("EC2"), "eventTypeCategory", List.of("scheduledChange")))));
  }

  @ParameterizedTest
  @CsvSource({"EC2 Instance-terminate Lifecycle Action", "EC2 Instance-launch Lifecycle Action"})
  void lifecycleActionsAreRoutedOnlyForThisClustersGroups(String detailType) {
    template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
        "source", List.of("aws.autoscaling"),
        "detail-type", List.of(detailType),
        "detail", Map.of("AutoScalingGroupName", List.of(Map.of("Ref", groupLogicalId))))));
  }

  @Test
  void everyEventKindHasExactlyOneRouteSoNothingArrivesTwice() {
    List<Object> detailTypes = template.findResources("AWS::Events::Rule").values().stream()
        .map(TerminationHandlerQueueTest::detailTypes)
        .flatMap(List::stream)
        .toList();

    assertThat(detailTypes).doesNotHaveDuplicates().hasSize(7);
    // Lifecycle hooks notify EventBridge only: a hook with an SQS target would deliver twice.
    template.hasResourceProperties("AWS::AutoScaling::LifecycleHook", Map.of("NotificationTargetARN", Match.absent()));
  }

  @Test
  void grantConsumeGivesTheHandlerExactlyWhatItNeeds() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
        Map.of("Effect", "Allow", "Resource", Map.of("Fn::GetAtt", List.of(queueLogicalId(), "Arn")),
            "Action", List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
                "sqs:DeleteMessage", "sqs:GetQueueAttributes")),
        // read the messages; re-encrypt one SQS moves to the dead-letter queue during a receive
        Map.of("Effect", "Allow", "Resource", Map.of("Fn::GetAtt", List.of(keyLogicalId(), "Arn")), "Action", "kms:Decrypt"),
        Map.of("Effect", "Allow", "Resource", Map.of("Fn::GetAtt", List.of(keyLogicalId(), "Arn")), "Action", "kms:GenerateDataKey"),
        Map.of("Effect", "Allow", "Resource", "*",
            "Action", List.of("ec2:DescribeInstances", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags")),
        Map.of("Effect", "Allow",
            "Action", List.of("autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"),
            "Resource", Match.anyValue(),
            "Condition", Map.of("StringEquals",
                Map.of("autoscaling:ResourceTag/k8s.io/cluster-autoscaler/spot-kops-cluster", "owned")))))));
  }

  @Test
  void invalidPropsNameTheProp() {
    TestStacks stacks = new TestStacks();
    assertThatThrownBy(() -> new TerminationHandlerQueue(stacks.stack, "Q",
        TerminationHandlerQueueProps.builder().clusterName("c").retentionPeriod(Duration.seconds(10)).build()))
        .hasMessage("TerminationHandlerQueue Test/Q: retentionPeriod (seconds) (10) must be between 60 and 1209600");
    assertThatThrownBy(() -> new TerminationHandlerQueue(stacks.stack, "R", TerminationHandlerQueueProps.builder().build()))
        .hasMessage("TerminationHandlerQueue Test/R: clusterName is required");
  }

  private String keyLogicalId() {
    return template.findResources("AWS::KMS::Key").keySet().iterator().next();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> keyPolicyStatements() {
    Map<String, Object> properties = (Map<String, Object>) template.findResources("AWS::KMS::Key").values().iterator().next()
        .get("Properties");
    return (List<Map<String, Object>>) ((Map<String, Object>) properties.get("KeyPolicy")).get("Statement");
  }

  private String queueLogicalId() {
    return template.findResources("AWS::SQS::Queue", Map.of("Properties", Map.of("RedrivePolicy", Match.anyValue())))
        .keySet().iterator().next();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> detailTypes(Map<String, Object> rule) {
    Map<String, Object> properties = (Map<String, Object>) rule.get("Properties");
    Map<String, Object> pattern = (Map<String, Object>) properties.get("EventPattern");
    return (List<Object>) pattern.get("detail-type");
  }
}
