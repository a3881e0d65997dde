package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.flags.FlagDocs;
import io.spotkube.runtime.flags.RunFlags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/flags.md, {@code run --help} and the registry tell the same flags. */
class FlagsPageTest {

  private static final String BEGIN = "<!-- run-flags:begin -->\n";
  private static final String END = "<!-- run-flags:end -->";

  private static String pageTable() throws IOException {
    Path page = Path.of(System.getProperty("spotkube.root", ".."), "docs", "flags.md");
    String text = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(text).as(page + " marks its table").contains(BEGIN, END);
    return text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END));
  }

  @Test
  void thePageListsExactlyTheRegistrysFlags() throws IOException {
    assertThat(pageTable())
        .as("docs/flags.md between the run-flags markers must be `run --help`'s table: paste it from there")
        .isEqualTo(FlagDocs.markdown(RunFlags.TABLE));
  }

  @Test
  void runHelpPrintsThePagesTable() throws IOException {
    CliRun run = CliRun.of("run", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).startsWith("usage: spotkube-runtime run [flags]").contains(pageTable());
  }
}
