package io.spotkube.runtime.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeTextTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("plain text is kept", "i-0b662ef9931388ba0", "i-0b662ef9931388ba0"),
        Arguments.of("newline and carriage return", "a\nb\rc", "a\\nb\\rc"),
        Arguments.of("tab", "a\tb", "a\\tb"),
        Arguments.of("NUL, escape and DEL", "a\u0000b\u001bc\u007f", "a\\u0000b\\u001bc\\u007f"),
        Arguments.of("C1 control (NEL)", "a\u0085b", "a\\u0085b"),
        Arguments.of("line and paragraph separators", "a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        Arguments.of("right-to-left override", "a\u202eb", "a\\u202eb"),
        Arguments.of("other scripts are kept", "\u4e2d\u6587 caf\u00e9", "\u4e2d\u6587 caf\u00e9"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void escapesWhatCouldForgeOrHideALogLine(String what, String value, String expected) {
    assertThat(SafeText.escape(value)).isEqualTo(expected);
  }

  @Test
  void cutsLongValuesAndSaysSo() {
    assertThat(SafeText.quote("x".repeat(1000), 5)).isEqualTo("xxxxx...");
    assertThat(SafeText.quote("\n".repeat(1000), 2)).isEqualTo("\\n\\n...");
    assertThat(SafeText.quote("short", 5)).isEqualTo("short");
  }

  @Test
  void nullIsPrintedAsNull() {
    assertThat(SafeText.quote(null, 5)).isEqualTo("null");
  }
}
