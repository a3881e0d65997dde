package io.spotkube.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantityTest {

  @ParameterizedTest(name = "{0} -> {1} milli, {2} units")
  @CsvSource({
      "250m, 250, 1",
      "2, 2000, 2",
      "0.5, 500, 1",
      "1.5Gi, 1610612736000, 1610612736",
      "512Mi, 536870912000, 536870912",
      "8Gi, 8589934592000, 8589934592",
      "1k, 1000000, 1000",
      "1M, 1000000000, 1000000",
      "1e3, 1000000, 1000",
      "100Ki, 102400000, 102400",
      "1n, 1, 1",
      "110, 110000, 110",
      "0, 0, 0"})
  void parsesKubernetesNotationRoundingUp(String text, long milli, long units) {
    Quantity quantity = Quantity.parse("field", text);

    assertThat(quantity.milliValue()).isEqualTo(milli);
    assertThat(quantity.value()).isEqualTo(units);
  }

  @ParameterizedTest
  @CsvSource({"-1, is negative", "abc, is not a quantity", "1Xi, unknown suffix", "'', is not a quantity", "1.2.3, is not a quantity"})
  void rejectsWhatKubernetesRejectsNamingTheField(String text, String message) {
    assertThatThrownBy(() -> Quantity.parse("pods[0].requests.cpu", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pods[0].requests.cpu: ")
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource({"1, 1000m", "1Gi, 1073741824", "0.5, 500m"})
  void equalQuantitiesInDifferentNotationsAreEqual(String a, String b) {
    assertThat(Quantity.parse("a", a)).isEqualTo(Quantity.parse("b", b)).hasSameHashCodeAs(Quantity.parse("b", b));
  }
}
