package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectInstanceTypesCommandTest {

  @Test
  void tutorialFlagsPrintADiversifiedListOneTypePerLine() {
    CliRun run = CliRun.of("select-instance-types", "--base-instance-type", "m5.large", "--burst-support", "false",
        "--deny-list", "^?[1-3].*\\..*", "--gpus", "0", "--usage-class", "spot");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stderr()).isEmpty();
    assertThat(run.stdoutLines()).hasSize(20).contains("m5.large").isSorted()
        .noneMatch(name -> name.startsWith("t"))
        .noneMatch(name -> name.matches("^[a-z]+[1-3].*"));
  }

  @Test
  void equalsFormAndMaxResultsWork() {
    CliRun run = CliRun.of("select-instance-types", "--base-instance-type=m5.xlarge", "--max-results=3");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdoutLines()).hasSize(3);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--bogus|x                         | select-instance-types: unknown flag --bogus",
      "--gpus|many                       | select-instance-types: --gpus: 'many' is not a whole number",
      "--burst-support|maybe             | select-instance-types: --burst-support: 'maybe' is not true or false",
      "--base-instance-type|m9.huge      | select-instance-types: --base-instance-type: unknown instance type 'm9.huge'",
      "--deny-list|.*                    | select-instance-types: --deny-list: no instance type is left after the filter deny-list",
      "--deny-list|(                     | select-instance-types: --deny-list: '(' is not a valid regular expression",
      "--memory|lots                     | select-instance-types: --memory: 'lots' is not a memory size",
  })
  void badFlagsExitTwoWithOneLineNamingTheFlag(String flag, String value, String message) {
    CliRun run = CliRun.of("select-instance-types", flag, value);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).startsWith(message);
    assertThat(run.stderr().lines()).hasSize(1);
  }

  @Test
  void flagWithoutValueIsAUsageError() {
    CliRun run = CliRun.of("select-instance-types", "--gpus");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).isEqualTo("select-instance-types: --gpus needs a value" + System.lineSeparator());
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRun run = CliRun.of("frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("unknown command 'frobnicate'");
  }
}
