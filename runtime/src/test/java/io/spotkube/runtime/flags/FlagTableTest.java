package io.spotkube.runtime.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry's parsing rules, on a small table of the same kinds of rows as run's. */
class FlagTableTest {

  private static final Flag<Boolean> TAINT = Flag.of("--taint-node", FlagType.BOOL, Set.of(UsedBy.DRAINING),
      "taint").withEnv("TAINT_NODE").withDefault("false");
  private static final Flag<Boolean> CHECK_TAG = Flag.of("--check-tag", FlagType.BOOL, Set.of(UsedBy.DRAINING),
      "check").withEnv("CHECK_TAG_BEFORE_DRAINING", "CHECK_ASG_TAG_BEFORE_DRAINING").withDefault("true");
  private static final Flag<Integer> GRACE = Flag.of("--grace", FlagType.integer(1), Set.of(UsedBy.DRAINING),
      "grace").withEnv("GRACE").withDefault("120");
  private static final Flag<Duration> SCAN = Flag.of("--scan-interval", FlagType.DURATION, Set.of(UsedBy.AUTOSCALER),
      "scan").withDefault("10s");
  private static final Flag<String> CLUSTER = Flag.of("--cluster-name", FlagType.TEXT, Set.of(UsedBy.AUTOSCALER),
      "cluster");
  private static final Flag<String> REGION = Flag.of("--aws-region", FlagType.TEXT,
      Set.of(UsedBy.AUTOSCALER, UsedBy.DRAINING), "region").withAliases("--region").withEnv("AWS_REGION");
  private static final Flag<Integer> REPEATED = Flag.of("--repeated", FlagType.integer(0), Set.of(UsedBy.AUTOSCALER),
      "repeated").withRepeats();
  private static final FlagTable TABLE = FlagTable.of(List.of(TAINT, CHECK_TAG, GRACE, SCAN, CLUSTER, REGION));

  private static FlagValues parse(List<String> args, Map<String, String> env) {
    return TABLE.parse(args, env);
  }

  @Test
  void theFlagWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    FlagValues values = parse(List.of("--grace=30"), Map.of("GRACE", "90", "TAINT_NODE", "true"));

    assertThat(values.get(GRACE)).isEqualTo(30);
    assertThat(values.source(GRACE)).isEqualTo("--grace");
    assertThat(values.get(TAINT)).isTrue();
    assertThat(values.source(TAINT)).isEqualTo("TAINT_NODE");
    assertThat(values.get(SCAN)).isEqualTo(Duration.ofSeconds(10));
    assertThat(values.source(SCAN)).isEqualTo(FlagValues.DEFAULT);
    assertThat(values.given(SCAN)).isFalse();
    assertThat(values.get(CLUSTER)).as("no default").isNull();
  }

  @Test
  void theFirstSetVariableOfARowWinsAndBlankIsUnset() {
    assertThat(parse(List.of(), Map.of("CHECK_TAG_BEFORE_DRAINING", "false", "CHECK_ASG_TAG_BEFORE_DRAINING", "true"))
        .get(CHECK_TAG)).isFalse();
    FlagValues fallback = parse(List.of(), Map.of("CHECK_TAG_BEFORE_DRAINING", " ", "CHECK_ASG_TAG_BEFORE_DRAINING",
        "false"));
    assertThat(fallback.get(CHECK_TAG)).isFalse();
    assertThat(fallback.source(CHECK_TAG)).isEqualTo("CHECK_ASG_TAG_BEFORE_DRAINING");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--taint-node                           | true",
      "--taint-node --cluster-name c          | true",
      "--taint-node=false                     | false",
      "--taint-node false                     | false",
      "--cluster-name c --taint-node          | true"})
  void booleansMayStandAloneWithoutSwallowingTheNextFlag(String args, boolean taint) {
    FlagValues values = parse(List.of(args.strip().split(" ")), Map.of());

    assertThat(values.get(TAINT)).isEqualTo(taint);
    assertThat(values.get(CLUSTER)).isEqualTo(args.contains("--cluster-name c") ? "c" : null);
  }

  @Test
  void aValueMayFollowTheFlagOrItsEqualsSign() {
    assertThat(parse(List.of("--cluster-name", "a"), Map.of()).get(CLUSTER)).isEqualTo("a");
    assertThat(parse(List.of("--cluster-name=a=b"), Map.of()).get(CLUSTER)).isEqualTo("a=b");
    assertThat(parse(List.of("--cluster-name", "-1"), Map.of()).get(CLUSTER)).as("a dash starts no flag here")
        .isEqualTo("-1");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "GRACE      | 2m    | GRACE: '2m' is not a whole number",
      "GRACE      | 0     | GRACE: 0 is below the minimum 1",
      "TAINT_NODE | yes   | TAINT_NODE: 'yes' is not true or false"})
  void aBadEnvironmentValueNamesTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> parse(List.of(), Map.of(variable, value)))
        .isInstanceOf(FlagException.class).hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--grace=2m            | --grace: '2m' is not a whole number",
      "--taint-node=yes      | --taint-node: 'yes' is not true or false",
      "--scan-interval=soon  | --scan-interval: 'soon' is not a duration (e.g. 10s, 2m, 1h30m)"})
  void aBadFlagValueNamesTheFlagEvenWhenTheVariableIsFine(String arg, String message) {
    assertThatThrownBy(() -> parse(List.of(arg.strip()), Map.of("GRACE", "90", "TAINT_NODE", "true")))
        .isInstanceOf(FlagException.class).hasMessage(message);
  }

  @Test
  void aFlagGivenTwiceIsAnErrorAlsoUnderItsAlias() {
    assertThatThrownBy(() -> parse(List.of("--grace=1", "--grace", "2"), Map.of()))
        .isInstanceOf(FlagException.class).hasMessage("--grace is given twice");
    assertThatThrownBy(() -> parse(List.of("--region=eu-west-1", "--aws-region=us-east-1"), Map.of()))
        .isInstanceOf(FlagException.class).hasMessage("--aws-region is given twice");
  }

  @Test
  void anAliasSetsTheSameValue() {
    FlagValues values = parse(List.of("--region", "eu-west-1"), Map.of("AWS_REGION", "us-east-1"));

    assertThat(values.get(REGION)).isEqualTo("eu-west-1");
    assertThat(values.source(REGION)).isEqualTo("--aws-region");
  }

  @Test
  void anUnknownFlagListsTheKnownOnesAndSuggestsTheClosest() {
    assertThatThrownBy(() -> parse(List.of("--cluster-nme=c"), Map.of()))
        .isInstanceOf(FlagException.class)
        .hasMessage("unknown flag --cluster-nme (did you mean --cluster-name?); known flags: --aws-region "
            + "--check-tag --cluster-name --grace --region --scan-interval --taint-node");
  }

  @Test
  void aMissingValueAndAStrayWordAreNamed() {
    assertThatThrownBy(() -> parse(List.of("--cluster-name"), Map.of()))
        .isInstanceOf(FlagException.class).hasMessage("--cluster-name needs a value");
    assertThatThrownBy(() -> parse(List.of("--cluster-name", "--grace=1"), Map.of()))
        .isInstanceOf(FlagException.class).hasMessage("--cluster-name needs a value");
    assertThatThrownBy(() -> parse(List.of("--cluster-name", "c", "extra"), Map.of()))
        .isInstanceOf(FlagException.class).hasMessage("unexpected argument 'extra'");
  }

  @Test
  void anAtSignIsAValueNotAFileToExpand() {
    assertThat(parse(List.of("--cluster-name", "@cluster"), Map.of()).get(CLUSTER)).isEqualTo("@cluster");
    assertThatThrownBy(() -> parse(List.of("@args"), Map.of())).hasMessage("unexpected argument '@args'");
  }

  @Test
  void aTableRejectsANameOrVariableInTwoRowsAndADefaultThatDoesNotParse() {
    Flag<Boolean> again = Flag.of("--taint-node", FlagType.BOOL, Set.of(UsedBy.RUN), "again");
    Flag<Integer> sameVariable = Flag.of("--other", FlagType.INT, Set.of(UsedBy.RUN), "other").withEnv("GRACE");
    Flag<Duration> badDefault = Flag.of("--wait", FlagType.DURATION, Set.of(UsedBy.RUN), "wait").withDefault("10");

    assertThatThrownBy(() -> FlagTable.of(List.of(TAINT, again))).hasMessageContaining("flag --taint-node is in two rows");
    assertThatThrownBy(() -> FlagTable.of(List.of(GRACE, sameVariable)))
        .hasMessageContaining("environment variable GRACE is in two rows");
    assertThatThrownBy(() -> FlagTable.of(List.of(badDefault))).hasMessageContaining("the default of --wait: '10'");
  }

  @Test
  void onlyKeepsTheRowsOfOneUser() {
    FlagTable autoscaler = TABLE.only(UsedBy.AUTOSCALER);

    assertThat(autoscaler.flags()).containsExactly(SCAN, CLUSTER, REGION);
    assertThatThrownBy(() -> autoscaler.parse(List.of("--taint-node"), Map.of()))
        .hasMessageStartingWith("unknown flag --taint-node");
  }

  @Test
  void readingAFlagOfAnotherTableIsAProgrammingError() {
    FlagValues values = TABLE.only(UsedBy.AUTOSCALER).parse(List.of(), Map.of());

    assertThatThrownBy(() -> values.get(TAINT)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRepeatableFlagKeepsEveryValueInOrderAndEachIsChecked() {
    FlagTable table = FlagTable.of(List.of(GRACE, REPEATED));
    assertThat(table.parse(List.of("--repeated=3", "--grace=5", "--repeated", "1"), Map.of()).all(REPEATED))
        .containsExactly(3, 1);
    assertThat(table.parse(List.of(), Map.of()).all(REPEATED)).isEmpty();
    assertThatThrownBy(() -> table.parse(List.of("--repeated=1", "--repeated=x"), Map.of()))
        .isInstanceOf(FlagException.class).hasMessage("--repeated: 'x' is not a whole number");
    assertThatThrownBy(() -> table.parse(List.of("--grace=1", "--grace=2"), Map.of()))
        .isInstanceOf(FlagException.class).hasMessage("--grace is given twice");
  }

  @Test
  void anUnknownFlagAfterABareBooleanIsNamedNotTakenAsItsValue() {
    assertThatThrownBy(() -> parse(List.of("--taint-node", "--address=1"), Map.of()))
        .isInstanceOf(FlagException.class).hasMessageStartingWith("unknown flag --address");
  }
}
