package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotkube.runtime.flags.Flag;
import io.spotkube.runtime.flags.RunFlags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * docs/scaling.md's table of every cluster-autoscaler flag against {@code run}'s parser: supported
 * and accepted rows start the autoscaler with their example, refused rows are refused, and the
 * status matches the registry's "used by" column (accepted = used by none).
 */
class UpstreamFlagsTableTest {

  private static final String BEGIN = "<!-- upstream-flags:begin -->\n";
  private static final String END = "<!-- upstream-flags:end -->";

  /** One row: the flag, its status, the example argument (empty for refused rows). */
  record Row(String flag, String status, String example) {
    String argument() {
      return example.startsWith("--") ? example : flag + "=" + example;
    }
  }

  static List<Row> rows() throws IOException {
    Path page = Path.of(System.getProperty("spotkube.root", ".."), "docs", "scaling.md");
    String text = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(text).as(page + " marks its upstream flag table").contains(BEGIN, END);
    List<Row> rows = new ArrayList<>();
    for (String line : text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END)).split("\n")) {
      if (!line.startsWith("| `--")) {
        continue;
      }
      String[] cells = line.split("\\|");
      rows.add(new Row(unquote(cells[1]), cells[2].strip(), unquote(cells[3])));
    }
    return rows;
  }

  private static String unquote(String cell) {
    return cell.strip().replace("`", "");
  }

  private static int check(String argument) {
    PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of(argument));
    if (!argument.startsWith("--cluster-name") && !argument.startsWith("--node-group-auto-discovery")
        && !argument.startsWith("--nodes")) {
      args.add("--cluster-name=spot-kops-cluster");
    }
    args.add("--check-flags");
    return RunCommand.serve(args, Map.of(), discard, discard, new CountDownLatch(0));
  }

  @Test
  void theTableHasEveryRowOnceWithAKnownStatusSorted() throws IOException {
    List<Row> rows = rows();

    assertThat(rows).hasSizeGreaterThan(130);
    assertThat(rows).extracting(Row::status).allMatch(status -> List.of("supported", "accepted, no effect", "refused")
        .contains(status));
    assertThat(rows).extracting(Row::flag).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void supportedAndAcceptedRowsAreAcceptedByRunWithTheirExample() throws IOException {
    for (Row row : rows()) {
      if (row.status().equals("refused")) {
        continue;
      }
      assertThat(check(row.argument())).as("run --check-flags %s", row.argument()).isZero();
      Flag<?> flag = RunFlags.TABLE.flags().stream().filter(each -> each.names().contains(row.flag())).findFirst()
          .orElseThrow(() -> new AssertionError(row.flag() + " is not a row of RunFlags"));
      assertThat(flag.usedBy().isEmpty()).as("%s is %s: used by none exactly when it has no effect", row.flag(),
          row.status()).isEqualTo(row.status().equals("accepted, no effect"));
    }
  }

  @Test
  void refusedRowsAreRefusedAsUnknownFlags() throws IOException {
    for (Row row : rows()) {
      if (!row.status().equals("refused")) {
        continue;
      }
      assertThatThrownBy(() -> check(row.flag() + "=1")).as(row.flag()).isInstanceOf(UsageException.class)
          .hasMessageStartingWith("unknown flag " + row.flag());
    }
  }
}
