package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrainingOptionsTest {

  private static DrainingOptions options(List<String> flags, Map<String, String> env) {
    return DrainingOptions.from(RunCommand.parse(flags, env));
  }

  @Test
  void readsTheUpstreamHandlersEnvironmentVariables() {
    DrainingOptions options = options(List.of(), Map.ofEntries(
        Map.entry("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/nth"),
        Map.entry("NODE_TERMINATION_GRACE_PERIOD", "90"),
        Map.entry("POD_TERMINATION_GRACE_PERIOD", "15"),
        Map.entry("TAINT_NODE", "true"),
        Map.entry("CORDON_ONLY", "true"),
        Map.entry("ENABLE_REBALANCE_DRAINING", "true"),
        Map.entry("CHECK_TAG_BEFORE_DRAINING", "false"),
        Map.entry("MANAGED_TAG", "spotkube/managed"),
        Map.entry("DELETE_SQS_MSG_IF_NODE_NOT_FOUND", "false"),
        Map.entry("WEBHOOK_URL", "https://hooks.example.com/x"),
        Map.entry("WEBHOOK_TEMPLATE", "{\"text\":\"{{ .NodeName }}\"}")));

    assertThat(options.queueUrl()).isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/nth");
    assertThat(options.config().nodeGracePeriod()).isEqualTo(Duration.ofSeconds(90));
    assertThat(options.config().podGracePeriodSeconds()).isEqualTo(15L);
    assertThat(options.config().taintNode()).isTrue();
    assertThat(options.config().actionPolicy().cordonOnly()).isTrue();
    assertThat(options.config().actionPolicy().rebalanceDraining()).isTrue();
    assertThat(options.config().checkTagBeforeDraining()).isFalse();
    assertThat(options.config().managedTag()).isEqualTo("spotkube/managed");
    assertThat(options.config().deleteMessageIfNodeNotFound()).isFalse();
    assertThat(options.webhookUrl()).hasToString("https://hooks.example.com/x");
    assertThat(options.webhookTemplate()).isEqualTo("{\"text\":\"{{ .NodeName }}\"}");
  }

  @Test
  void flagsWinOverTheEnvironment() {
    DrainingOptions options = options(List.of("--node-termination-grace-period", "30", "--taint-node=false"),
        Map.of("NODE_TERMINATION_GRACE_PERIOD", "90", "TAINT_NODE", "true"));

    assertThat(options.config().nodeGracePeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.config().taintNode()).isFalse();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    DrainingOptions options = options(List.of(), Map.of());

    assertThat(options.queueUrl()).isNull();
    assertThat(options.config().nodeGracePeriod()).isEqualTo(Duration.ofSeconds(120));
    assertThat(options.config().podGracePeriodSeconds()).isNull();
    assertThat(options.config().checkTagBeforeDraining()).isTrue();
    assertThat(options.config().managedTag()).isEqualTo("aws-node-termination-handler/managed");
    assertThat(options.receiveWaitSeconds()).isEqualTo(20);
    assertThat(options.config().visibilityTimeout()).as("the queue's own").isNull();
  }

  @Test
  void aVisibilityTimeoutOverridesTheQueuesOwn() {
    assertThat(options(List.of(), Map.of("MESSAGE_VISIBILITY_TIMEOUT", "600")).config().visibilityTimeout())
        .isEqualTo(Duration.ofSeconds(600));
    assertThat(options(List.of("--message-visibility-timeout=0"), Map.of("MESSAGE_VISIBILITY_TIMEOUT", "600"))
        .config().visibilityTimeout()).isNull();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "TAINT_NODE,                    yes,   'TAINT_NODE: ''yes'' is not true or false'",
      "NODE_TERMINATION_GRACE_PERIOD, 2m,    'NODE_TERMINATION_GRACE_PERIOD: ''2m'' is not a whole number'",
      "NODE_TERMINATION_GRACE_PERIOD, 0,     'NODE_TERMINATION_GRACE_PERIOD: 0 is below the minimum 1'",
      "TAINT_EFFECT,                  Never, '--taint-effect/TAINT_EFFECT: ''Never'''",
      "WEBHOOK_URL,                   nope,  'WEBHOOK_URL: ''nope'' is not a URL'",
      "MESSAGE_VISIBILITY_TIMEOUT,    -5,    'MESSAGE_VISIBILITY_TIMEOUT: -5 is below the minimum 0'",
  })
  void badValuesNameTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> options(List.of(), Map.of(variable, value)))
        .isInstanceOf(UsageException.class).hasMessageContaining(message);
  }

  @Test
  void runWithoutAQueueExitsTwoWithOneLine() {
    CliRun run = CliRun.of("run", "--metrics-port", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr().lines()).singleElement().asString().contains("--queue-url");
  }
}
