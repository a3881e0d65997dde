package io.spotkube.runtime.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunFlagsTest {

  @Test
  void everyFlagConstantIsARowOfTheTable() {
    List<Flag<?>> constants = Arrays.stream(RunFlags.class.getFields())
        .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == Flag.class)
        .<Flag<?>>map(RunFlagsTest::value).toList();

    assertThat(constants).hasSizeGreaterThan(40);
    assertThat(RunFlags.TABLE.flags()).containsExactlyInAnyOrderElementsOf(constants);
  }

  @Test
  void everyFlagTheConstructsWriteIsARowUnderItsNameOrAnAlias() {
    Set<String> accepted = new java.util.HashSet<>();
    RunFlags.TABLE.flags().forEach(flag -> {
      accepted.add(flag.name());
      accepted.addAll(flag.aliases());
    });

    assertThat(accepted).containsAll(io.spotkube.contract.RuntimeFlags.ALL);
  }

  @Test
  void theHandlersVariablesAreUpstreamsAndTheAutoscalersFlagsHaveNone() {
    for (Flag<?> flag : RunFlags.TABLE.flags()) {
      if (flag.usedBy().equals(Set.of(UsedBy.AUTOSCALER))) {
        assertThat(flag.env()).as(flag.name() + ": cluster-autoscaler reads no environment").isEmpty();
      }
    }
    assertThat(RunFlags.QUEUE_URL.env()).containsExactly("QUEUE_URL");
    assertThat(RunFlags.CHECK_TAG_BEFORE_DRAINING.env())
        .containsExactly("CHECK_TAG_BEFORE_DRAINING", "CHECK_ASG_TAG_BEFORE_DRAINING");
  }

  @Test
  void theRegionIsOneSettingForBothControllersUnderBothNames() {
    FlagValues values = RunFlags.TABLE.parse(List.of("--region=eu-west-1"), Map.of("AWS_DEFAULT_REGION", "us-east-1"));

    assertThat(values.get(RunFlags.AWS_REGION)).isEqualTo("eu-west-1");
    assertThat(RunFlags.TABLE.parse(List.of(), Map.of("AWS_DEFAULT_REGION", "us-east-1")).get(RunFlags.AWS_REGION))
        .isEqualTo("us-east-1");
    assertThat(RunFlags.AWS_REGION.usedBy()).containsExactlyInAnyOrder(UsedBy.AUTOSCALER, UsedBy.DRAINING);
  }

  private static Flag<?> value(Field field) {
    try {
      return (Flag<?>) field.get(null);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
