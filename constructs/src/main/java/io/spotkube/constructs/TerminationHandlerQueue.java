package io.spotkube.constructs;

import io.spotkube.contract.AutoscalerDiscoveryTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IResolveContext;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.IListProducer;
import software.amazon.awscdk.services.autoscaling.IAutoScalingGroup;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IAlarmAction;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.interfaces.events.IRuleRef;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetConfig;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The termination handler's queue (aws-node-termination-handler, queue-processor mode): an SQS
 * queue fed by EventBridge rules for every event that takes an instance away.
 *
 * <ul>
 *   <li>EC2 Spot Instance Interruption Warning (two minutes before reclaim)</li>
 *   <li>EC2 Instance Rebalance Recommendation</li>
 *   <li>EC2 Instance State-change Notification (stopping, stopped, shutting-down, terminated)</li>
 *   <li>EC2 Capacity Reservation Instance Interruption Warning</li>
 *   <li>AWS Health Event, EC2 scheduled changes (maintenance)</li>
 *   <li>EC2 Instance-terminate and Instance-launch Lifecycle Actions of this cluster's groups
 *       ({@link #addAutoScalingGroup}); each lifecycle event has one route, so no event arrives twice</li>
 * </ul>
 *
 * <p>The queue is encrypted with a customer-managed KMS key (rotated yearly; its policy lets
 * EventBridge encrypt for rules of this account only), and refuses non-TLS access. A message that
 * fails {@code maxReceiveCount} times is set aside in a dead-letter queue under the same key, kept
 * 14 days; the main queue keeps messages long enough for that to happen ({@link QueueRedriveTiming}).
 * Two alarms watch it ({@link #addAlarmAction} routes them): a message in the dead-letter queue, and
 * a message in the main queue older than two receives (a stuck handler). What to do when either
 * fires: docs/operations.md.
 */
public class TerminationHandlerQueue extends Construct {

  static final List<String> STOPPING_STATES = List.of("stopping", "stopped", "shutting-down", "terminated");

  private final String clusterName;
  private final Queue queue;
  private final Queue deadLetterQueue;
  private final Key encryptionKey;
  private final Alarm deadLetterAlarm;
  private final Alarm oldestMessageAlarm;
  private final List<IAutoScalingGroup> autoScalingGroups = new ArrayList<>();
  private final List<Rule> rules = new ArrayList<>();

  public TerminationHandlerQueue(Construct scope, String id, TerminationHandlerQueueProps props) {
    super(scope, id);
    PropValidation validation = new PropValidation("TerminationHandlerQueue", getNode().getPath());
    validation.requirePresent("clusterName", props.getClusterName());
    validation.requireRange("visibilityTimeout (seconds)", props.getVisibilityTimeout().toSeconds(), 0, 43_200);
    validation.requireRange("maxReceiveCount", props.getMaxReceiveCount(), 1, 1000);
    if (props.getDeadLetterAlarmThreshold() < 0) {
      throw validation.error("deadLetterAlarmThreshold", "(" + props.getDeadLetterAlarmThreshold() + ") must be 0 or more");
    }
    QueueRedriveTiming timing = new QueueRedriveTiming(props.getVisibilityTimeout().toSeconds().longValue(),
        props.getMaxReceiveCount());
    Duration retention = retention(props, timing, validation);
    Duration stuckAge = stuckMessageAge(props, timing, retention, validation);
    this.clusterName = props.getClusterName();

    // A customer-managed key: an AWS-managed SQS key cannot let EventBridge encrypt, and SSE-SQS
    // is not a KMS key. One key for both queues: SQS moves a message to the dead-letter queue
    // within the consumer's ReceiveMessage, so the consumer's grant covers both.
    this.encryptionKey = Key.Builder.create(this, "Key")
        .description("spotkube " + clusterName + ": the termination handler's queues")
        .enableKeyRotation(true)
        // Messages live minutes: once the queues are gone nothing is left to decrypt.
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
        .encryption(QueueEncryption.KMS)
        .encryptionMasterKey(encryptionKey)
        .enforceSsl(true)
        // The most SQS keeps (the enqueue time counts from the original send): two weeks to look.
        .retentionPeriod(Duration.seconds(QueueRedriveTiming.MAX_RETENTION_SECONDS))
        .build();
    this.queue = Queue.Builder.create(this, "Queue")
        .encryption(QueueEncryption.KMS)
        .encryptionMasterKey(encryptionKey)
        .enforceSsl(true)
        .retentionPeriod(retention)
        .visibilityTimeout(props.getVisibilityTimeout())
        .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetterQueue).maxReceiveCount(props.getMaxReceiveCount()).build())
        .build();
    route("SpotInterruption", "aws.ec2", "EC2 Spot Instance Interruption Warning", null);
    if (props.isRebalanceRecommendations()) {
      route("RebalanceRecommendation", "aws.ec2", "EC2 Instance Rebalance Recommendation", null);
    }
    route("InstanceStateChange", "aws.ec2", "EC2 Instance State-change Notification", Map.of("state", STOPPING_STATES));
    route("CapacityReservationInterruption", "aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning", null);
    Map<String, Object> scheduledChange = new LinkedHashMap<>(); // ordered: synth must be stable across JVMs
    scheduledChange.put("service", List.of("EC2"));
    scheduledChange.put("eventTypeCategory", List.of("scheduledChange"));
    route("ScheduledChange", "aws.health", "AWS Health Event", scheduledChange);
    route("LifecycleTerminate", "aws.autoscaling", "EC2 Instance-terminate Lifecycle Action",
        Map.of("AutoScalingGroupName", groupNames()));
    route("LifecycleLaunch", "aws.autoscaling", "EC2 Instance-launch Lifecycle Action",
        Map.of("AutoScalingGroupName", groupNames()));
    allowOnlyTheseRulesToSend();

    NagSuppressionMetadata.suppress((CfnResource) deadLetterQueue.getNode().getDefaultChild(), "AwsSolutions-SQS3",
        "This is the dead-letter queue of the termination handler's queue.");

    // SQS publishes queue metrics every minute; an idle queue publishes none, which is not a fault.
    this.deadLetterAlarm = alarm("DeadLetterAlarm", deadLetterQueue.metricApproximateNumberOfMessagesVisible(everyMinute()),
        props.getDeadLetterAlarmThreshold(), "the termination handler gave up on an event after "
            + props.getMaxReceiveCount() + " receives: it is in the dead-letter queue");
    this.oldestMessageAlarm = alarm("OldestMessageAlarm", queue.metricApproximateAgeOfOldestMessage(everyMinute()),
        stuckAge.toSeconds(), "an event has waited over " + stuckAge.toSeconds().longValue()
            + " s in the termination handler's queue: the handler keeps failing on it or is not reading the queue");
  }

  /** An explicit retention is checked against what redrive needs; none means exactly that. */
  private static Duration retention(TerminationHandlerQueueProps props, QueueRedriveTiming timing, PropValidation validation) {
    if (timing.minimumRetentionSeconds() > QueueRedriveTiming.MAX_RETENTION_SECONDS) {
      throw validation.error("maxReceiveCount", "and visibilityTimeout need a retention of " + timing.minimumRetentionFormula()
          + ", more than SQS's maximum of " + QueueRedriveTiming.MAX_RETENTION_SECONDS + " s: lower one of them");
    }
    if (props.getRetentionPeriod() == null) {
      return Duration.seconds(timing.minimumRetentionSeconds());
    }
    long seconds = props.getRetentionPeriod().toSeconds().longValue();
    validation.requireRange("retentionPeriod (seconds)", seconds, 60, QueueRedriveTiming.MAX_RETENTION_SECONDS);
    if (seconds < timing.minimumRetentionSeconds()) {
      throw validation.error("retentionPeriod", "(" + seconds + " s) must be at least " + timing.minimumRetentionFormula()
          + ": a message the handler keeps failing on would expire before the dead-letter queue gets it");
    }
    return props.getRetentionPeriod();
  }

  private static Duration stuckMessageAge(TerminationHandlerQueueProps props, QueueRedriveTiming timing, Duration retention,
      PropValidation validation) {
    if (props.getOldestMessageAgeAlarmThreshold() == null) {
      return Duration.seconds(timing.stuckMessageAgeSeconds());
    }
    long seconds = props.getOldestMessageAgeAlarmThreshold().toSeconds().longValue();
    if (seconds < 60 || seconds >= retention.toSeconds().longValue()) {
      throw validation.error("oldestMessageAgeAlarmThreshold", "(" + seconds + " s) must be at least 60 s and below the retention period ("
          + retention.toSeconds().longValue() + " s): messages expire before they get older than that");
    }
    return props.getOldestMessageAgeAlarmThreshold();
  }

  private static MetricOptions everyMinute() {
    return MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build();
  }

  private Alarm alarm(String id, Metric metric, Number threshold, String meaning) {
    return Alarm.Builder.create(this, id)
        .alarmDescription("spotkube " + clusterName + ": " + meaning + ". See docs/operations.md, Interruption queue alarms.")
        .metric(metric)
        .threshold(threshold)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .evaluationPeriods(1)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
  }

  private void route(String id, String source, String detailType, Map<String, Object> detail) {
    EventPattern.Builder pattern = EventPattern.builder()
        .source(List.of(source))
        .detailType(List.of(detailType));
    if (detail != null) {
      pattern.detail(detail);
    }
    Rule rule = Rule.Builder.create(this, id + "Rule")
        .description("spotkube " + clusterName + ": " + detailType + " to the termination handler's queue")
        .eventPattern(pattern.build())
        .build();
    rule.addTarget(withoutGrants(queue));
    rules.add(rule);
  }

  /**
   * The queue as a rule's target, granting nothing: aws-events-targets' SqsQueue would let any rule
   * of the account send (aws:SourceAccount only, for an encrypted queue), and any rule in the
   * account may match any event pattern. {@link #allowOnlyTheseRulesToSend()} grants instead.
   */
  private static IRuleTarget withoutGrants(Queue target) {
    return new IRuleTarget() {
      @Override
      public RuleTargetConfig bind(IRuleRef rule) {
        return RuleTargetConfig.builder().arn(target.getQueueArn()).build();
      }

      @Override
      public RuleTargetConfig bind(IRuleRef rule, String id) {
        return bind(rule);
      }
    };
  }

  /**
   * The queue accepts messages from EventBridge for this construct's rules only
   * ({@code aws:SourceArn}); lifecycle actions of the cluster's groups arrive through those rules
   * too (the hooks have no notification target). The key policy lets EventBridge encrypt for this
   * account's rules ({@code aws:SourceAccount}): the rules' ARNs cannot be named there, since the
   * key comes before the queue, which comes before the rules (aws-cdk issue 11158).
   */
  private void allowOnlyTheseRulesToSend() {
    queue.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("AllowTheClustersRulesToSend")
        .effect(Effect.ALLOW)
        .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
        .actions(List.of("sqs:SendMessage"))
        .resources(List.of(queue.getQueueArn()))
        .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", rules.stream().map(Rule::getRuleArn).toList())))
        .build());
    encryptionKey.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("AllowEventBridgeToEncryptForThisAccountsRules")
        .effect(Effect.ALLOW)
        .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
        .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
        .resources(List.of("*"))
        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
        .build());
  }

  /** The names of the registered groups, resolved at synth, so groups added later are routed too. */
  private List<String> groupNames() {
    return Lazy.uncachedList(new IListProducer() {
      @Override
      public List<String> produce(IResolveContext context) {
        if (autoScalingGroups.isEmpty()) {
          // EventBridge rejects an empty list; match nothing until a group is registered.
          return List.of("spotkube-no-group-registered");
        }
        return autoScalingGroups.stream().map(IAutoScalingGroup::getAutoScalingGroupName).toList();
      }
    });
  }

  /** Routes this group's lifecycle actions to the queue. */
  public void addAutoScalingGroup(IAutoScalingGroup group) {
    autoScalingGroups.add(group);
  }

  /** Routes the lifecycle actions of every Auto Scaling group of a node group. */
  public void addNodeGroup(INodeGroup nodeGroup) {
    nodeGroup.getAutoScalingGroups().forEach(this::addAutoScalingGroup);
  }

  /**
   * Grants what the termination handler does with this queue and the cluster's groups.
   *
   * <ul>
   *   <li>on the queue: {@code sqs:ReceiveMessage}, {@code sqs:DeleteMessage},
   *       {@code sqs:ChangeMessageVisibility}, {@code sqs:GetQueueAttributes}, {@code sqs:GetQueueUrl}</li>
   *   <li>on the queues' key: {@code kms:Decrypt} (read messages) and {@code kms:GenerateDataKey}
   *       (SQS re-encrypts a message it moves to the dead-letter queue during the receive)</li>
   *   <li>{@code ec2:DescribeInstances}, {@code autoscaling:DescribeAutoScalingInstances},
   *       {@code autoscaling:DescribeTags} (describe calls take no resource-level permissions)</li>
   *   <li>{@code autoscaling:CompleteLifecycleAction}, {@code autoscaling:RecordLifecycleActionHeartbeat}
   *       only on groups tagged {@code k8s.io/cluster-autoscaler/<cluster>: owned}</li>
   * </ul>
   */
  public Grant grantConsume(IGrantable grantee) {
    Grant grant = queue.grantConsumeMessages(grantee);
    encryptionKey.grant(grantee, "kms:GenerateDataKey");
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(grantee)
        .actions(List.of("ec2:DescribeInstances", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags"))
        .resourceArns(List.of("*"))
        .build());
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(grantee)
        .actions(List.of("autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"))
        .resourceArns(List.of(autoScalingGroupArnPattern()))
        .conditions(Map.of("StringEquals",
            Map.of("autoscaling:ResourceTag/" + AutoscalerDiscoveryTags.clusterKey(clusterName), AutoscalerDiscoveryTags.OWNED)))
        .build());
    NagSuppressionMetadata.suppressOnPrincipalPolicy(grantee,
        "AwsSolutions-IAM5", "EC2 and Auto Scaling Describe calls support no resource-level permissions.", "Resource::*");
    NagSuppressionMetadata.suppressOnPrincipalPolicy(grantee, "AwsSolutions-IAM5",
        "Lifecycle actions are limited by the condition autoscaling:ResourceTag/k8s.io/cluster-autoscaler/<cluster>=owned "
            + "to this cluster's groups, whose names CloudFormation generates.",
        "Resource::" + autoScalingGroupArnPatternForNag());
    return grant;
  }

  /** How cdk-nag prints {@link #autoScalingGroupArnPattern()} in an appliesTo. */
  static String autoScalingGroupArnPatternForNag() {
    return "arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/*";
  }

  static String autoScalingGroupArnPattern() {
    return "arn:" + Aws.PARTITION + ":autoscaling:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":autoScalingGroup:*:autoScalingGroupName/*";
  }

  public Queue getQueue() {
    return queue;
  }

  public Queue getDeadLetterQueue() {
    return deadLetterQueue;
  }

  /**
   * Fires when the dead-letter queue holds more than {@code deadLetterAlarmThreshold} messages
   * (default: on the first): the handler gave up on an event.
   */
  public Alarm getDeadLetterAlarm() {
    return deadLetterAlarm;
  }

  /** Fires when the main queue's oldest message is older than {@code oldestMessageAgeAlarmThreshold}. */
  public Alarm getOldestMessageAlarm() {
    return oldestMessageAlarm;
  }

  /**
   * Routes both alarms ({@link #getDeadLetterAlarm()}, {@link #getOldestMessageAlarm()}) to these
   * actions, e.g. {@code new SnsAction(topic)}, as {@link Alarm#addAlarmAction} does for one.
   */
  public void addAlarmAction(IAlarmAction... actions) {
    deadLetterAlarm.addAlarmAction(actions);
    oldestMessageAlarm.addAlarmAction(actions);
  }

  /** The customer-managed KMS key of the queue and its dead-letter queue. */
  public Key getEncryptionKey() {
    return encryptionKey;
  }

  public String getQueueUrl() {
    return queue.getQueueUrl();
  }

  /** The EventBridge rules, in the order listed in the class documentation. */
  public List<Rule> getRules() {
    return List.copyOf(rules);
  }
}
