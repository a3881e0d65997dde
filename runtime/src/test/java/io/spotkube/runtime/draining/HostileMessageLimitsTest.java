package io.spotkube.runtime.draining;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.draining.InterruptionEvent.Ignored;
import io.spotkube.runtime.draining.InterruptionEvent.Invalid;
import io.spotkube.runtime.testing.HostileBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What one hostile message may cost: a bounded number of events, and texts that stay one log line. */
class HostileMessageLimitsTest {

  private final InterruptionMessageParser parser = new InterruptionMessageParser();

  @Test
  void aHealthEventNamingUpToTheCapYieldsOneEventPerInstance() {
    List<InterruptionEvent> events = parser.parse(healthEvent(HealthEventParser.MAX_INSTANCES));

    assertThat(events).hasSize(HealthEventParser.MAX_INSTANCES)
        .allSatisfy(event -> assertThat(event.kind()).isEqualTo(InterruptionKind.SCHEDULED_CHANGE));
  }

  @Test
  void aHealthEventNamingMoreInstancesThanTheCapIsOneInvalidEventNamingTheCount() {
    List<InterruptionEvent> events = parser.parse(healthEvent(24_000));

    assertThat(events).singleElement().isInstanceOfSatisfying(Invalid.class, invalid ->
        assertThat(invalid.error()).isEqualTo("detail.affectedEntities names 24000 EC2 instances, more than the "
            + HealthEventParser.MAX_INSTANCES + " one message may drain"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\","
          + "\"detail\":{\"instance-id\":\"i-abcd1111\",\"state\":\"running\\nFORGED\\u2028line\\u202e\"}}",
      "{\"source\":\"aws.ec2\\r\\nFORGED\",\"detail-type\":\"x\\u0000y\\u001b[31m\",\"detail\":{}}",
      "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\","
          + "\"detail\":{\"instance-id\":\"i-\\nFORGED\"}}",
      "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance Rebalance Recommendation\",\"time\":\"soon\\nFORGED\","
          + "\"detail\":{\"instance-id\":\"i-0e1ef8dfa5bdbb0b5\"}}",
      "{\"source\":\"aws.health\",\"detail-type\":\"AWS Health Event\",\"detail\":{\"service\":\"S3\\u0085FORGED\"}}",
      "{\"LifecycleTransition\":\"autoscaling:EC2_INSTANCE_\\nFORGED\",\"EC2InstanceId\":\"i-12345678\"}",
      "{\"bad\u0001json\n\u2028",
      "{\"Type\":\"Notification\",\"Message\":\"{\\\"a\\u0007\\\n\"}",
  })
  void controlCharactersOfTheBodyReachNoErrorOrReasonUnescaped(String body) {
    assertThat(texts(parser.parse(body))).isNotEmpty().allSatisfy(text -> assertThat(text).matches(HostileMessageLimitsTest::printable));
  }

  @Test
  void generatedHostileBodiesWithControlCharactersGiveOnlyPrintableTexts() {
    List<String> texts = new ArrayList<>();
    for (String body : HostileBodies.generate(11, 500)) {
      // Spread control characters through each body: wherever they land, a text quoting them is escaped.
      String hostile = IntStream.range(0, body.length())
          .mapToObj(i -> i % 7 == 3 ? "\n\u2028" + body.charAt(i) : String.valueOf(body.charAt(i)))
          .collect(Collectors.joining());
      texts.addAll(texts(parser.parse(hostile)));
      texts.addAll(texts(parser.parse(body)));
    }

    assertThat(texts).allSatisfy(text -> assertThat(text).matches(HostileMessageLimitsTest::printable));
  }

  private static List<String> texts(List<InterruptionEvent> events) {
    List<String> texts = new ArrayList<>();
    for (InterruptionEvent event : events) {
      if (event instanceof Invalid invalid) {
        texts.add(invalid.error());
      } else if (event instanceof Ignored ignored) {
        texts.add(ignored.reason());
      }
    }
    return texts;
  }

  private static boolean printable(String text) {
    return text.chars().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
        || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
  }

  private static String healthEvent(int instances) {
    String entities = IntStream.range(0, instances)
        .mapToObj(i -> String.format("{\"entityValue\":\"i-%08x\"}", i))
        .collect(Collectors.joining(","));
    return "{\"source\":\"aws.health\",\"detail-type\":\"AWS Health Event\",\"id\":\"h-1\",\"detail\":{"
        + "\"service\":\"EC2\",\"eventTypeCategory\":\"scheduledChange\",\"eventTypeCode\":\"AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED\","
        + "\"startTime\":\"Sat, 05 Jun 2016 15:10:09 GMT\",\"affectedEntities\":[" + entities + "]}}";
  }
}
