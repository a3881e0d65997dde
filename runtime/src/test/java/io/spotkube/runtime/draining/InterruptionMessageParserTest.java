package io.spotkube.runtime.draining;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.draining.InterruptionEvent.Invalid;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InterruptionMessageParserTest {

  private final InterruptionMessageParser parser = new InterruptionMessageParser();

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
      "spot-interruption.json,                 SPOT_INTERRUPTION,                 i-0b662ef9931388ba0, 2021-02-10T12:00:00Z",
      "rebalance-recommendation.json,          REBALANCE_RECOMMENDATION,          i-0e1ef8dfa5bdbb0b5, 2020-10-26T14:14:14Z",
      "capacity-reservation-interruption.json, CAPACITY_RESERVATION_INTERRUPTION, i-0abcdef1234567890, 2025-06-01T08:30:00Z",
      "state-change-terminated.json,           STATE_CHANGE,                      i-abcd1111,          2015-11-11T21:29:54Z",
      "asg-terminate-eventbridge.json,         ASG_TERMINATE,                     i-12345678,          2015-12-22T18:43:48Z",
      "asg-launch-eventbridge.json,            ASG_LAUNCH,                        i-12345678,          2015-11-11T21:31:47Z",
      "asg-terminate-direct.json,              ASG_TERMINATE,                     i-0598c7d356eba48d7, 2021-01-19T00:41:08.529Z",
      "asg-launch-direct.json,                 ASG_LAUNCH,                        i-0598c7d356eba48d7, 2021-01-19T00:36:26.533Z",
      "asg-terminate-sns.json,                 ASG_TERMINATE,                     i-0598c7d356eba48d7, 2021-01-19T00:41:08.529Z",
  })
  void readsEachAwsSampleAsOneEventOfItsKind(String sample, InterruptionKind kind, String instanceId, String start) {
    List<InterruptionEvent> events = parser.parse(Samples.body(sample));

    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.kind()).isEqualTo(kind);
      assertThat(event.instanceId()).contains(instanceId);
      assertThat(event.startTime()).contains(Instant.parse(start));
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"state-change-pending.json", "health-other-service.json", "asg-test-notification.json",
      "asg-test-notification-sns.json"})
  void ignoresMessagesThatNeedNoAction(String sample) {
    assertThat(parser.parse(Samples.body(sample))).singleElement()
        .satisfies(event -> assertThat(event.kind()).isEqualTo(InterruptionKind.IGNORED));
  }

  @org.junit.jupiter.api.Test
  void healthScheduledChangeYieldsOneEventPerAffectedInstance() {
    List<InterruptionEvent> events = parser.parse(Samples.body("health-scheduled-change.json"));

    assertThat(events).extracting(InterruptionEvent::kind).containsOnly(InterruptionKind.SCHEDULED_CHANGE);
    assertThat(events).map(event -> event.instanceId().orElseThrow()).containsExactly("i-abcd1111", "i-abcd2222");
    assertThat(events).allSatisfy(event ->
        assertThat(event.startTime()).contains(Instant.parse("2016-06-05T15:10:09Z")));
  }

  @org.junit.jupiter.api.Test
  void lifecycleEventsCarryTheActionToComplete() {
    InterruptionEvent event = parser.parse(Samples.body("asg-terminate-sns.json")).get(0);

    assertThat(event.lifecycleAction()).contains(new LifecycleAction("my-asg", "my-termination-hook",
        "71514b9d-6a40-4b26-8523-05e7eEXAMPLE", "i-0598c7d356eba48d7"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not json                | {not json                                                                   | not JSON",
      "a JSON array            | [1,2]                                                                       | not a JSON object",
      "no known shape          | {\"hello\": \"world\"}                                                      | no known message shape",
      "detail missing          | {\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\"} | detail is missing",
      "instance id a number    | {\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"detail\":{\"instance-id\":7}} | detail.instance-id is not a string",
      "instance id malformed   | {\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"detail\":{\"instance-id\":\"../etc\"}} | detail.instance-id '../etc' is not an EC2 instance id",
      "time unreadable         | {\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance Rebalance Recommendation\",\"time\":\"soon\",\"detail\":{\"instance-id\":\"i-0e1ef8dfa5bdbb0b5\"}} | time 'soon' is not a time",
      "state missing           | {\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{\"instance-id\":\"i-abcd1111\"}} | detail.state is missing",
      "lifecycle without group | {\"LifecycleTransition\":\"autoscaling:EC2_INSTANCE_TERMINATING\",\"EC2InstanceId\":\"i-12345678\",\"LifecycleHookName\":\"h\"} | AutoScalingGroupName is missing",
      "health without instance | {\"source\":\"aws.health\",\"detail-type\":\"AWS Health Event\",\"detail\":{\"service\":\"EC2\",\"eventTypeCategory\":\"scheduledChange\"}} | names no EC2 instance",
      "SNS message not text    | {\"Type\":\"Notification\",\"Message\":{\"a\":1}}                           | Message is not a string",
  })
  void turnsBadBodiesIntoOneInvalidEventNamingTheProblem(String what, String body, String error) {
    assertThat(parser.parse(body)).singleElement().isInstanceOfSatisfying(Invalid.class,
        invalid -> assertThat(invalid.error()).contains(error));
  }

  @org.junit.jupiter.api.Test
  void unknownEventBridgeDetailTypeIsIgnoredNotAnError() {
    String body = "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 AMI State Change\",\"id\":\"x\",\"detail\":{}}";

    assertThat(parser.parse(body)).singleElement()
        .satisfies(event -> assertThat(event.kind()).isEqualTo(InterruptionKind.IGNORED));
  }

  @org.junit.jupiter.api.Test
  void deeplyNestedOrHugeBodiesAreInvalidNotAnException() {
    String deep = "[".repeat(100_000);
    String huge = "{\"source\":\"" + "x".repeat(InterruptionMessageParser.MAX_BODY_CHARS) + "\"}";

    assertThat(parser.parse(deep)).singleElement().isInstanceOf(Invalid.class);
    assertThat(parser.parse(huge)).singleElement().isInstanceOf(Invalid.class);
    assertThat(parser.parse("")).singleElement().isInstanceOf(Invalid.class);
  }
}
