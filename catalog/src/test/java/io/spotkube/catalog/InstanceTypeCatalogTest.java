package io.spotkube.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class InstanceTypeCatalogTest {

  private static final String HEADER = String.join(",", InstanceTypeCsv.COLUMNS);

  @Test
  void bundledCatalogHoldsEveryRowOfTheCsv() {
    InstanceTypeCatalog catalog = InstanceTypeCatalog.bundled();

    assertThat(catalog.size()).isEqualTo(1373);
    assertThat(catalog.pricedRegions()).containsExactly("eu-west-1", "us-east-1");
  }

  @Test
  void bundledCatalogReadsEachColumnOfARow() {
    InstanceType m5large = InstanceTypeCatalog.bundled().get("m5.large");

    assertThat(m5large.family()).isEqualTo("m5");
    assertThat(m5large.generation()).isEqualTo(5);
    assertThat(m5large.vcpus()).isEqualTo(2);
    assertThat(m5large.memoryMib()).isEqualTo(8192);
    assertThat(m5large.gpus()).isZero();
    assertThat(m5large.architectures()).containsExactly("x86_64");
    assertThat(m5large.burstable()).isFalse();
    assertThat(m5large.currentGeneration()).isFalse();
    assertThat(m5large.maxPodsEni()).isEqualTo(29);
    assertThat(m5large.onDemandPrice("eu-west-1")).contains(0.107);
    assertThat(m5large.onDemandPrice("us-east-1")).contains(0.096);
  }

  @Test
  void fractionalGpuTypesCountAsHavingAGpu() {
    InstanceType g6f = InstanceTypeCatalog.bundled().get("g6f.large");

    assertThat(g6f.gpus()).isZero();
    assertThat(g6f.hasGpu()).isTrue();
  }

  @Test
  void unknownTypeNamesTheNearestKnownTypes() {
    assertThatThrownBy(() -> InstanceTypeCatalog.bundled().get("m5.larg"))
        .isInstanceOf(UnknownInstanceTypeException.class)
        .hasMessageStartingWith("unknown instance type 'm5.larg'; near types: m5.large");
  }

  @Test
  void malformedCellNamesFileLineAndColumn() {
    String csv = HEADER + "\n" + "m5.large,m5,5,two,8192,0,0,x86_64,false,false,3,10,29,0.096,0.107\n";

    assertThatThrownBy(() -> InstanceTypeCatalog.parse(new StringReader(csv), "types.csv"))
        .isInstanceOf(CatalogFormatException.class)
        .hasMessage("types.csv:2: column vcpus is 'two', expected a whole number");
  }

  @Test
  void missingColumnIsReported() {
    assertThatThrownBy(() -> InstanceTypeCatalog.parse(new StringReader("instance_type,family\n"), "types.csv"))
        .isInstanceOf(CatalogFormatException.class)
        .hasMessage("types.csv: header lacks column generation");
  }

  @Test
  void duplicateTypeIsRejected() {
    String row = "m5.large,m5,5,2,8192,0,0,x86_64,false,false,3,10,29,0.096,0.107\n";

    assertThatThrownBy(() -> InstanceTypeCatalog.parse(new StringReader(HEADER + "\n" + row + row), "types.csv"))
        .hasMessage("instance type m5.large is listed twice");
  }

  @Test
  void emptyPriceCellMeansUnknownPrice() throws Exception {
    String csv = HEADER + "\n" + "m5.metal,m5,5,96,393216,0,0,x86_64,false,false,15,50,737,4.608,\n";

    InstanceType metal = InstanceTypeCatalog.parse(new StringReader(csv), "types.csv").get("m5.metal");

    assertThat(metal.onDemandPrice("eu-west-1")).isEmpty();
    assertThat(metal.onDemandPrice("us-east-1")).contains(4.608);
  }
}
