package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;

/** The dead-letter alarm and the stuck-handler alarm: metric, threshold, dimensions, routing. */
class TerminationHandlerQueueAlarmsTest {

  private final TestStacks stacks = new TestStacks();

  private TerminationHandlerQueue queue(TerminationHandlerQueueProps.Builder props) {
    return new TerminationHandlerQueue(stacks.stack, "TerminationHandler", props.clusterName(TestStacks.CLUSTER).build());
  }

  @Test
  void theFirstMessageInTheDeadLetterQueueRaisesTheAlarm() {
    TerminationHandlerQueue queue = queue(TerminationHandlerQueueProps.builder());
    Template template = Template.fromStack(stacks.stack);

    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "AWS/SQS",
        "MetricName", "ApproximateNumberOfMessagesVisible",
        "Dimensions", List.of(Map.of("Name", "QueueName",
            "Value", Map.of("Fn::GetAtt", List.of(logicalId(queue.getDeadLetterQueue()), "QueueName")))),
        "Statistic", "Maximum",
        "Period", 60,
        "EvaluationPeriods", 1,
        "ComparisonOperator", "GreaterThanThreshold",
        "Threshold", 0,
        "TreatMissingData", "notBreaching"));
    assertThat(queue.getDeadLetterAlarm()).isNotNull();
  }

  @Test
  void aMessageOlderThanTwoReceivesInTheMainQueueRaisesTheStuckAlarm() {
    TerminationHandlerQueue queue = queue(TerminationHandlerQueueProps.builder());
    Template template = Template.fromStack(stacks.stack);

    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "AWS/SQS",
        "MetricName", "ApproximateAgeOfOldestMessage",
        "Dimensions", List.of(Map.of("Name", "QueueName",
            "Value", Map.of("Fn::GetAtt", List.of(logicalId(queue.getQueue()), "QueueName")))),
        "Statistic", "Maximum",
        "Period", 60,
        "ComparisonOperator", "GreaterThanThreshold",
        "Threshold", 2 * (150 + 120),
        "TreatMissingData", "notBreaching"));
    assertThat(queue.getOldestMessageAlarm()).isNotNull();
  }

  @Test
  void thresholdsAreProps() {
    queue(TerminationHandlerQueueProps.builder().deadLetterAlarmThreshold(10).oldestMessageAgeAlarmThreshold(Duration.minutes(20)));
    Template template = Template.fromStack(stacks.stack);

    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 10));
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 1200));
  }

  @Test
  void addAlarmActionRoutesBothAlarms() {
    TerminationHandlerQueue queue = queue(TerminationHandlerQueueProps.builder());
    Topic topic = Topic.Builder.create(stacks.stack, "Pager").enforceSsl(true).build();
    queue.addAlarmAction(new SnsAction(topic));
    Template template = Template.fromStack(stacks.stack);

    Map<String, Object> toTheTopic = Map.of("AlarmActions", List.of(Map.of("Ref", logicalId(topic))));
    assertThat(template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties", Match.objectLike(toTheTopic))))
        .hasSize(2);
  }

  @Test
  void aNegativeDeadLetterThresholdIsRefusedNamingTheProp() {
    assertThatThrownBy(() -> queue(TerminationHandlerQueueProps.builder().deadLetterAlarmThreshold(-1)))
        .hasMessage("TerminationHandlerQueue Test/TerminationHandler: deadLetterAlarmThreshold (-1) must be 0 or more");
  }

  @Test
  void anAgeThresholdMessagesNeverReachIsRefusedNamingTheProp() {
    assertThatThrownBy(() -> queue(TerminationHandlerQueueProps.builder().oldestMessageAgeAlarmThreshold(Duration.hours(1))))
        .hasMessage("TerminationHandlerQueue Test/TerminationHandler: oldestMessageAgeAlarmThreshold (3600 s) must be at least "
            + "60 s and below the retention period (1650 s): messages expire before they get older than that");
  }

  @Test
  void withOneReceiveTheStuckAlarmStillFiresBeforeMessagesExpire() {
    queue(TerminationHandlerQueueProps.builder().maxReceiveCount(1).visibilityTimeout(Duration.minutes(10)));
    Template template = Template.fromStack(stacks.stack);

    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 720));
    template.hasResourceProperties("AWS::SQS::Queue", Map.of("MessageRetentionPeriod", 720 + 300));
  }

  private String logicalId(software.constructs.IConstruct construct) {
    return stacks.stack.getLogicalId((software.amazon.awscdk.CfnElement) construct.getNode().getDefaultChild());
  }
}
