package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotkube.runtime.draining.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParseEventCommandTest {

  @TempDir
  Path dir;

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void printsTheContractsFieldsForASpotInterruption() throws IOException {
    CliRun run = CliRun.of("parse-event", "--file", write("spot-interruption.json"));

    assertThat(run.exitCode()).isZero();
    assertThat(mapper.readTree(run.stdout())).isEqualTo(mapper.readTree("""
        [{"kind": "SPOT_INTERRUPTION", "instanceId": "i-0b662ef9931388ba0",
          "action": "DRAIN", "eventId": "1e5527d7-bb36-4607-3370-4164db56a40e", "startTime": "2021-02-10T12:00:00Z",
          "autoScalingGroup": null, "lifecycleHookName": null, "lifecycleActionToken": null}]"""));
  }

  @Test
  void printsTheLifecycleActionOfAnSnsWrappedTermination() throws IOException {
    JsonNode event = mapper.readTree(CliRun.of("parse-event", "--file", write("asg-terminate-sns.json")).stdout()).get(0);

    assertThat(event.get("kind").asText()).isEqualTo("ASG_TERMINATE");
    assertThat(event.get("action").asText()).isEqualTo("DRAIN_AND_COMPLETE");
    assertThat(event.get("autoScalingGroup").asText()).isEqualTo("my-asg");
    assertThat(event.get("lifecycleHookName").asText()).isEqualTo("my-termination-hook");
    assertThat(event.get("lifecycleActionToken").asText()).isEqualTo("71514b9d-6a40-4b26-8523-05e7eEXAMPLE");
  }

  @Test
  void printsOneEventPerInstanceOfAHealthEvent() throws IOException {
    JsonNode events = mapper.readTree(CliRun.of("parse-event", "--file", write("health-scheduled-change.json")).stdout());

    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(event -> assertThat(event.get("kind").asText()).isEqualTo("SCHEDULED_CHANGE"));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
      "rebalance-recommendation.json,          '',                                 CORDON",
      "rebalance-recommendation.json,          '--enable-rebalance-draining=true', DRAIN",
      "capacity-reservation-interruption.json, '',                                 DRAIN",
      "state-change-terminated.json,           '',                                 DRAIN",
      "asg-launch-eventbridge.json,            '',                                 COMPLETE_WHEN_READY",
      "asg-test-notification-sns.json,         '',                                 NONE",
      "spot-interruption.json,                 '--cordon-only=true',               CORDON",
  })
  void printsTheActionForEachSample(String sample, String flag, String action) throws IOException {
    CliRun run = flag.isEmpty() ? CliRun.of("parse-event", "--file", write(sample))
        : CliRun.of("parse-event", "--file", write(sample), flag);

    assertThat(mapper.readTree(run.stdout()).get(0).get("action").asText()).isEqualTo(action);
  }

  @Test
  void printsInvalidAndExitsZeroForABodyOfNoKnownShape() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"truncated\": ");

    CliRun run = CliRun.of("parse-event", "--file", file.toString());

    assertThat(run.exitCode()).isZero();
    JsonNode event = mapper.readTree(run.stdout()).get(0);
    assertThat(event.get("kind").asText()).isEqualTo("INVALID");
    assertThat(event.get("action").asText()).isEqualTo("NONE");
    assertThat(event.get("error").asText()).contains("not JSON");
  }

  @Test
  void readsTheBodyFromStandardInputWithoutFile() throws IOException {
    java.io.InputStream original = System.in;
    System.setIn(new java.io.ByteArrayInputStream(Samples.body("asg-launch-direct.json")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try {
      CliRun run = CliRun.of("parse-event");

      assertThat(run.exitCode()).isZero();
      assertThat(mapper.readTree(run.stdout()).get(0).get("kind").asText()).isEqualTo("ASG_LAUNCH");
    } finally {
      System.setIn(original);
    }
  }

  @Test
  void exitsTwoWithOneLineNamingAnUnreadableFile() {
    CliRun run = CliRun.of("parse-event", "--file", dir.resolve("missing.json").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().lines()).singleElement().asString().contains("--file").contains("missing.json");
  }

  private String write(String sample) throws IOException {
    Path file = dir.resolve(sample);
    Files.writeString(file, Samples.body(sample));
    return file.toString();
  }
}
