package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile input through {@code plan} and {@code parse-event}: each is refused with exit 2 and one
 * line on stderr naming the input and the problem, without reading past the command's limit, and
 * without a stack trace.
 */
class BadInputTest {

  @TempDir
  Path dir;

  @Test
  void parseEventStopsReadingAnEndlessStandardInputAtItsLimit() {
    Zeros zeros = new Zeros();

    CliRun run = withStdin(zeros, () -> CliRun.of("parse-event"));

    assertOneLine(run, "standard input", "larger than the limit of 1 MiB");
    assertThat(zeros.served.get()).isLessThanOrEqualTo(1024 * 1024 + 64 * 1024);
  }

  @Test
  void planStopsReadingAnEndlessStandardInputAtTheGivenLimit() {
    Zeros zeros = new Zeros();

    CliRun run = withStdin(zeros, () -> CliRun.of("plan", "--snapshot", "-", "--max-snapshot-bytes", "2000000"));

    assertOneLine(run, "standard input", "larger than the limit of 2000000 bytes");
    assertThat(zeros.served.get()).isLessThanOrEqualTo(2_000_000 + 64 * 1024);
  }

  @Test
  void planRefusesAMultiGigabyteFileWithoutReadingIt() throws IOException {
    Path huge = dir.resolve("huge.json");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(3L * 1024 * 1024 * 1024); // sparse: no disk, no time
    }

    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> CliRun.of("plan", "--snapshot", huge.toString()));

    assertOneLine(run, "huge.json", "larger than the limit of 256 MiB");
  }

  @Test
  void planRefusesDeeplyNestedJsonNamingTheFile() throws IOException {
    Path nested = write("nested.json", "{\"nodeGroups\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");

    CliRun run = CliRun.of("plan", "--snapshot", nested.toString());

    assertOneLine(run, "nested.json", "nesting depth");
  }

  @Test
  void planNamesTheByteOffsetOfInvalidUtf8() throws IOException {
    Path file = dir.resolve("latin1.json");
    Files.write(file, "{\"nodeGroups\":[{\"name\":\"caf\u00e9\"}]}".getBytes(StandardCharsets.ISO_8859_1));

    CliRun run = CliRun.of("plan", "--snapshot", file.toString());

    assertOneLine(run, "latin1.json", "not UTF-8: invalid byte 0xe9 at byte offset 27");
  }

  @Test
  void parseEventRefusesInvalidUtf8RatherThanReplacingIt() throws IOException {
    Path file = dir.resolve("body.json");
    Files.write(file, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'});

    CliRun run = CliRun.of("parse-event", "--file", file.toString());

    assertOneLine(run, "body.json", "not UTF-8: invalid byte 0xff at byte offset 6");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "desired near 2^31 | {\"name\":\"g\",\"maxSize\":10,\"desired\":2147483000} | nodeGroups[0].desired: at most 100000 nodes per group, was 2147483000",
      "maxSize near 2^31 | {\"name\":\"g\",\"maxSize\":2147483647,\"desired\":2147483000} | nodeGroups[0].maxSize: at most 100000 nodes per group",
  })
  void planRefusesAGroupSizeNoClusterHasWithinASecond(String what, String group, String message) throws IOException {
    Path file = write("groups.json", "{\"nodeGroups\":[" + group.replace("}", ",\"template\":{\"allocatable\":"
        + "{\"cpu\":\"2\",\"memory\":\"8Gi\",\"pods\":110}}}") + "],\"pods\":[{\"name\":\"p\",\"requests\":{\"cpu\":\"1\"}}]}");

    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> CliRun.of("plan", "--snapshot", file.toString()));

    assertOneLine(run, "groups.json", message);
  }

  @Test
  void planRefusesGroupsWhoseDesiredSizesAddUpPastTheLimit() throws IOException {
    String group = "{\"name\":\"g%d\",\"maxSize\":100000,\"desired\":60000,\"template\":{}}";
    Path file = write("two.json", "{\"nodeGroups\":[" + String.format(group, 1) + "," + String.format(group, 2) + "]}");

    CliRun run = CliRun.of("plan", "--snapshot", file.toString());

    assertOneLine(run, "two.json", "desired sizes add up to 120000, more than the 100000");
  }

  @Test
  void controlCharactersFromTheFileNeverBreakTheErrorLine() throws IOException {
    Path file = write("ctl.json", "{\"nodeGroups\":[{\"name\":\"g\",\"minSize\":\"1\\nplan: forged\\u2028\\u202e\","
        + "\"template\":{}}]}");

    CliRun run = CliRun.of("plan", "--snapshot", file.toString());

    assertOneLine(run, "nodeGroups[0].minSize", "\"1\\nplan: forged\\u2028\\u202e\"");
  }

  @Test
  void longUnknownFieldNamesCostNoEditDistance() throws IOException {
    // Jackson allows names of 50,000 characters; an edit distance per name and known field would
    // cost seconds per megabyte. Names this long cannot be a typo of a known field.
    StringBuilder options = new StringBuilder("{\"options\":{");
    for (int i = 0; i < 400; i++) {
      options.append(i == 0 ? "" : ",").append('"').append(String.format("%05d", i)).append("x".repeat(49_000))
          .append("\":1");
    }
    Path file = write("names.json", options.append("}}").toString());

    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> CliRun.of("plan", "--snapshot", file.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static void assertOneLine(CliRun run, String input, String problem) {
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).doesNotContain("\tat ", "Exception", "Error:");
    assertThat(run.stderr().lines()).as(run.stderr()).hasSize(1);
    assertThat(run.stderr()).contains(input).contains(problem).doesNotContain("\r", "\u2028", "\u202e");
  }

  private static CliRun withStdin(InputStream in, Supplier<CliRun> command) {
    InputStream original = System.in;
    System.setIn(in);
    try {
      return command.get();
    } finally {
      System.setIn(original);
    }
  }

  /** {@code /dev/zero}, counting what it served. */
  private static final class Zeros extends InputStream {
    final AtomicLong served = new AtomicLong();

    @Override
    public int read() {
      served.incrementAndGet();
      return 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      java.util.Arrays.fill(buffer, offset, offset + length, (byte) 0);
      served.addAndGet(length);
      return length;
    }
  }
}
