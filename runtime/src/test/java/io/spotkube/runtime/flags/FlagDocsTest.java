package io.spotkube.runtime.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagDocsTest {

  @Test
  void eachRowShowsNamesVariablesTypeDefaultUsersAndMeaning() {
    FlagTable table = FlagTable.of(List.of(
        Flag.of("--aws-region", FlagType.TEXT, Set.of(UsedBy.DRAINING, UsedBy.AUTOSCALER), "the region")
            .withAliases("--region").withEnv("AWS_REGION", "AWS_DEFAULT_REGION").withDefault(null, "the SDK's chain"),
        Flag.of("--pollers", FlagType.integer(1), Set.of(UsedBy.DRAINING), "threads").withEnv("QUEUE_POLLERS")
            .withDefault("2"),
        Flag.of("--v", FlagType.INT, Set.of(), "log verbosity").withAliases("-v")));

    assertThat(FlagDocs.markdown(table)).isEqualTo("""
        | flag | environment | type | default | used by | meaning |
        |---|---|---|---|---|---|
        | `--aws-region`, `--region` | `AWS_REGION`, `AWS_DEFAULT_REGION` | text | (the SDK's chain) | autoscaler, draining | the region |
        | `--pollers` | `QUEUE_POLLERS` | int >= 1 | `2` | draining | threads |
        | `--v`, `-v` |  | int |  | none (accepted, no effect here) | log verbosity |
        """);
  }
}
