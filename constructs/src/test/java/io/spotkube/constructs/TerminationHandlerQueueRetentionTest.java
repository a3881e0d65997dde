package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.assertions.Template;

/** The main queue keeps a message long enough for every receive the redrive policy allows, then the move. */
class TerminationHandlerQueueRetentionTest {

  private static Template synth(TerminationHandlerQueueProps.Builder props) {
    TestStacks stacks = new TestStacks();
    new TerminationHandlerQueue(stacks.stack, "TerminationHandler", props.clusterName(TestStacks.CLUSTER).build());
    return Template.fromStack(stacks.stack);
  }

  @Test
  void byDefaultAMessageOutlivesEveryReceiveAndTheHandlersWorkOnEach() {
    SynthesizedQueueSettings queue = SynthesizedQueueSettings.of(synth(TerminationHandlerQueueProps.builder()));

    // 5 receives, each hidden for the visibility timeout after up to 120 s of drain
    assertThat(queue.retention()).isGreaterThan(queue.maxReceiveCount() * (queue.visibility() + 120));
    assertThat(queue.retention()).isEqualTo(5 * (150 + 120) + 300);
    // retention counts from the original send in the dead-letter queue too: it must keep longer
    assertThat(queue.deadLetterRetention()).isEqualTo(1_209_600).isGreaterThan(queue.retention());
  }

  @Test
  void theDefaultFollowsVisibilityAndReceiveCount() {
    SynthesizedQueueSettings queue = SynthesizedQueueSettings.of(synth(TerminationHandlerQueueProps.builder()
        .visibilityTimeout(Duration.minutes(10)).maxReceiveCount(3)));

    assertThat(queue.retention()).isEqualTo(3 * (600 + 120) + 300);
  }

  @Test
  void aLongEnoughExplicitRetentionIsKept() {
    SynthesizedQueueSettings queue = SynthesizedQueueSettings.of(synth(TerminationHandlerQueueProps.builder().retentionPeriod(Duration.hours(1))));

    assertThat(queue.retention()).isEqualTo(3600);
  }

  @Test
  void anExplicitRetentionTooShortForRedriveIsRefusedNamingTheProp() {
    TestStacks stacks = new TestStacks();
    assertThatThrownBy(() -> new TerminationHandlerQueue(stacks.stack, "Q", TerminationHandlerQueueProps.builder()
        .clusterName("c").retentionPeriod(Duration.seconds(300)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TerminationHandlerQueue Test/Q: retentionPeriod (300 s) must be at least maxReceiveCount (5) x "
            + "(visibilityTimeout (150 s) + 120 s the handler may work on it) + 300 s = 1650 s: a message the handler "
            + "keeps failing on would expire before the dead-letter queue gets it");
  }

  @Test
  void receivesThatNoRetentionCanCoverAreRefusedNamingTheProps() {
    TestStacks stacks = new TestStacks();
    assertThatThrownBy(() -> new TerminationHandlerQueue(stacks.stack, "Q", TerminationHandlerQueueProps.builder()
        .clusterName("c").visibilityTimeout(Duration.hours(12)).maxReceiveCount(100).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TerminationHandlerQueue Test/Q: maxReceiveCount and visibilityTimeout need a retention of "
            + "maxReceiveCount (100) x (visibilityTimeout (43200 s)")
        .hasMessageEndingWith("more than SQS's maximum of 1209600 s: lower one of them");
  }
}
