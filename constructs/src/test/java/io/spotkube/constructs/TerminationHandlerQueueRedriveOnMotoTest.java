package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.testsupport.MotoProcess;
import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * The termination handler's queue as the construct configures it (attributes read from the
 * synthesized template), on a real SQS-protocol server (moto in server mode, driven by the AWS CLI
 * of .venv): a message the handler never deletes is delivered on every receive the redrive policy
 * allows, then lands in the dead-letter queue, instead of expiring on the way.
 *
 * <p>Time is compressed: every duration of the template is divided by {@link #TIME_SCALE}, so the
 * default 5 receives x 150 s take 30 s. What decides the outcome is the order of the events
 * (each visibility expiry, the retention expiry, the move), which dividing every duration by one
 * factor keeps. The handler's drain time (up to 120 s per receive, in the retention on purpose)
 * is not played: the consumer here receives and lets go, the fastest path to the dead-letter queue.
 *
 * <p>moto gap: it honours retention only in part. An expired message is no longer delivered (as
 * on AWS), but moto still counts hidden receives and moves it to the dead-letter queue later,
 * where AWS deletes it. So the test asserts on the deliveries: every one of the N receives must
 * get the message, which fails when retention is shorter than the receives.
 */
class TerminationHandlerQueueRedriveOnMotoTest {

  private static final long TIME_SCALE = 25;
  private static final String BODY = "{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"id\":\"redrive-test\"}";

  @TempDir
  Path dir;
  private MotoProcess moto;

  @BeforeEach
  void startMoto() throws Exception {
    moto = MotoProcess.start();
  }

  @AfterEach
  void stopMoto() {
    moto.close();
  }

  @Test
  void aMessageTheHandlerKeepsFailingOnIsDeliveredEveryTimeThenLandsInTheDeadLetterQueue() {
    TestStacks stacks = new TestStacks();
    new TerminationHandlerQueue(stacks.stack, "TerminationHandler",
        TerminationHandlerQueueProps.builder().clusterName(TestStacks.CLUSTER).build());
    SynthesizedQueueSettings settings = SynthesizedQueueSettings.of(Template.fromStack(stacks.stack));
    long visibility = scaled(settings.visibility());

    String deadLetterUrl = sqs("create-queue", "--queue-name", "dead-letter", "--attributes",
        "{\"MessageRetentionPeriod\":\"" + scaled(settings.deadLetterRetention()) + "\"}", "--query", "QueueUrl");
    String deadLetterArn = sqs("get-queue-attributes", "--queue-url", deadLetterUrl, "--attribute-names", "QueueArn",
        "--query", "Attributes.QueueArn");
    String redrivePolicy = "{\\\"deadLetterTargetArn\\\":\\\"" + deadLetterArn + "\\\",\\\"maxReceiveCount\\\":\\\""
        + settings.maxReceiveCount() + "\\\"}";
    String queueUrl = sqs("create-queue", "--queue-name", "interruptions", "--attributes", "{"
        + "\"VisibilityTimeout\":\"" + visibility + "\","
        + "\"MessageRetentionPeriod\":\"" + scaled(settings.retention()) + "\","
        + "\"RedrivePolicy\":\"" + redrivePolicy + "\"}", "--query", "QueueUrl");
    sqs("send-message", "--queue-url", queueUrl, "--message-body", BODY, "--query", "MessageId");

    long start = System.nanoTime();
    for (long receive = 1; receive <= settings.maxReceiveCount(); receive++) {
      long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      // The handler fails: it never deletes, the message comes back after the visibility timeout.
      assertThat(receive(queueUrl, visibility + 5))
          .as("receive %d of %d, %d s (scaled) after the first, retention %d s (scaled): the handler must get "
              + "every retry the redrive policy allows", receive, settings.maxReceiveCount(), elapsed, scaled(settings.retention()))
          .isEqualTo(BODY + "\t" + receive);
    }
    // The receive after the last allowed one moves the message instead of delivering it.
    assertThat(receive(queueUrl, visibility + 5)).as("after %d receives", settings.maxReceiveCount()).isEqualTo("None\tNone");
    assertThat(receive(deadLetterUrl, 5)).as("the dead-letter queue").startsWith(BODY + "\t");
  }

  private static long scaled(long seconds) {
    return Math.max(1, Math.round((double) seconds / TIME_SCALE));
  }

  /** One long poll: "body\treceiveCount", or "None\tNone" when nothing came. */
  private String receive(String queueUrl, long waitSeconds) {
    return sqs("receive-message", "--queue-url", queueUrl, "--wait-time-seconds", Long.toString(Math.min(20, waitSeconds)),
        "--attribute-names", "ApproximateReceiveCount", "--max-number-of-messages", "1",
        "--query", "[Messages[0].Body, Messages[0].Attributes.ApproximateReceiveCount]");
  }

  private String sqs(String... args) {
    List<String> command = new ArrayList<>(List.of(RepositoryTools.venvTool("aws").toString(), "sqs"));
    command.addAll(List.of(args));
    // --endpoint-url: with only AWS_ENDPOINT_URL set, this CLI (1.36) sent the SQS calls to AWS.
    command.addAll(List.of("--output", "text", "--endpoint-url", moto.endpoint()));
    try {
      Path output = Files.createTempFile(dir, "aws", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.put("PATH", "/usr/bin:/bin");
      env.put("HOME", dir.toString());
      env.put("LC_ALL", "C.UTF-8");
      MotoProcess.isolateAwsCli(env, dir);
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within 60 s");
      }
      String text = Files.readString(output).strip();
      assertThat(process.exitValue()).as("%s: %s", command, text).isZero();
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

}
