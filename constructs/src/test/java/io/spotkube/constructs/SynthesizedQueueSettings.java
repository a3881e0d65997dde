package io.spotkube.constructs;

import java.util.Map;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The termination handler's queues as synthesized: what SQS will be told (durations in seconds). */
record SynthesizedQueueSettings(long retention, long visibility, long maxReceiveCount, long deadLetterRetention) {

  @SuppressWarnings("unchecked")
  static SynthesizedQueueSettings of(Template template) {
    Map<String, Map<String, Object>> queues = template.findResources("AWS::SQS::Queue");
    Map<String, Object> main = properties(template.findResources("AWS::SQS::Queue",
        Map.of("Properties", Map.of("RedrivePolicy", Match.anyValue()))).values().iterator().next());
    Map<String, Object> redrive = (Map<String, Object>) main.get("RedrivePolicy");
    Map<String, Object> deadLetter = queues.values().stream().map(SynthesizedQueueSettings::properties)
        .filter(queue -> !queue.containsKey("RedrivePolicy")).findFirst().orElseThrow();
    return new SynthesizedQueueSettings(number(main, "MessageRetentionPeriod"), number(main, "VisibilityTimeout"),
        number(redrive, "maxReceiveCount"), number(deadLetter, "MessageRetentionPeriod"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Object resource) {
    return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
  }

  private static long number(Map<String, Object> properties, String key) {
    return ((Number) properties.get(key)).longValue();
  }
}
