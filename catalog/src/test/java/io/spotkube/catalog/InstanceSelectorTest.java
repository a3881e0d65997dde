package io.spotkube.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceSelectorTest {

  /** The seed tutorial's flags, less the base type. */
  private static SelectionCriteria.Builder tutorial(String baseInstanceType) {
    return SelectionCriteria.builder()
        .baseInstanceType(baseInstanceType)
        .usageClass("spot")
        .burstSupport(false)
        .denyList("^?[1-3].*\\..*")
        .gpus(0);
  }

  private final InstanceSelector selector = InstanceSelector.bundled();

  @Test
  void tutorialTwoVcpuGroupGetsDiversifiedEightGibTypes() {
    List<String> names = selector.selectNames(tutorial("m5.large").build());

    assertThat(names).hasSize(20)
        .contains("m5.large", "m4.large", "m5a.large", "m5n.large", "m6i.large")
        .isSorted();
    assertThat(names).allSatisfy(name -> {
      InstanceType type = InstanceTypeCatalog.bundled().get(name);
      assertThat(type.vcpus()).isEqualTo(2);
      assertThat(type.memoryMib()).isEqualTo(8192);
      assertThat(type.hasGpu()).isFalse();
      assertThat(type.burstable()).isFalse();
      assertThat(type.supportsArchitecture("x86_64")).isTrue();
    });
  }

  @Test
  void tutorialDenyListDropsFirstToThirdGenerationAndBurstableTypes() {
    List<String> names = selector.selectNames(tutorial("m5.xlarge").maxResults(100).build());

    assertThat(names).contains("m5.xlarge")
        .doesNotContain("d3en.xlarge", "inf2.xlarge", "g6f.xlarge", "m6g.xlarge")
        .noneMatch(name -> name.startsWith("t"))
        .noneMatch(name -> name.matches("^[a-z]+[1-3].*"));
  }

  @Test
  void baseTypeRangeIsPointNineToOnePointTwo() {
    // m5.2xlarge: 8 vCPUs, 32 GiB -> 7.2..9.6 vCPUs and 29491..39321 MiB
    List<InstanceType> types = selector.select(tutorial("m5.2xlarge").maxResults(200).build());

    assertThat(types).isNotEmpty().allSatisfy(type -> {
      assertThat(type.vcpus()).isBetween(8, 9);
      assertThat(type.memoryMib()).isBetween(29_492L, 39_321L);
    });
  }

  @Test
  void explicitVcpusAndMemoryOverrideTheBaseRange() {
    List<InstanceType> types = selector.select(SelectionCriteria.builder()
        .baseInstanceType("m5.large").vcpus(4).memoryMinMib(16_384L).memoryMaxMib(16_384L).maxResults(500).build());

    assertThat(types).isNotEmpty().allSatisfy(type -> {
      assertThat(type.vcpus()).isEqualTo(4);
      assertThat(type.memoryMib()).isEqualTo(16_384);
    });
  }

  @Test
  void baseTypeFixesArchitectureAndGpuCount() {
    List<InstanceType> arm = selector.select(SelectionCriteria.builder().baseInstanceType("m6g.large").maxResults(500).build());
    List<InstanceType> gpu = selector.select(SelectionCriteria.builder().baseInstanceType("g4dn.xlarge").maxResults(500).build());

    assertThat(arm).extracting(InstanceType::architectures).allSatisfy(a -> assertThat(a).contains("arm64"));
    assertThat(gpu).extracting(InstanceType::gpus).containsOnly(1);
  }

  @Test
  void resultIsSortedByNameThenCut() {
    List<String> all = selector.selectNames(tutorial("m5.large").maxResults(1000).build());
    List<String> cut = selector.selectNames(tutorial("m5.large").maxResults(5).build());

    assertThat(all.size()).isGreaterThan(20);
    assertThat(cut).isEqualTo(all.subList(0, 5));
  }

  @Test
  void allowListKeepsOnlyMatchingNames() {
    List<String> names = selector.selectNames(tutorial("m5.large").allowList("^m5").build());

    assertThat(names).isNotEmpty().allMatch(name -> name.startsWith("m5"));
  }

  @Test
  void currentGenerationIsNotFilteredByDefault() {
    // AWS flags m5 as previous generation; the seed's m5 groups must still get m5.
    assertThat(selector.selectNames(tutorial("m5.large").build())).contains("m5.large");
    assertThat(selector.selectNames(tutorial("m5.large").currentGeneration(true).build())).doesNotContain("m5.large");
  }

  @Test
  void unknownBaseTypeNamesTheFieldAndNearTypes() {
    assertThatThrownBy(() -> selector.select(tutorial("m5.lage").build()))
        .isInstanceOf(InstanceSelectionException.class)
        .satisfies(e -> assertThat(((InstanceSelectionException) e).field()).isEqualTo(SelectorField.BASE_INSTANCE_TYPE))
        .hasMessageStartingWith("--base-instance-type: unknown instance type 'm5.lage'; near types: m5.large");
  }

  @Test
  void denyListThatRemovesEverythingNamesTheDenyListAndNearTypes() {
    assertThatThrownBy(() -> selector.select(tutorial("m5.large").denyList(".*").build()))
        .isInstanceOf(NoMatchingInstanceTypesException.class)
        .hasMessageStartingWith("--deny-list: no instance type is left after the filter deny-list '.*'; "
            + "types that passed the filters before it: m4.large");
  }

  @Test
  void memoryFilterThatEmptiesTheListIsNamed() {
    assertThatThrownBy(() -> selector.select(SelectionCriteria.builder().vcpus(2).memoryMib(3).build()))
        .isInstanceOf(NoMatchingInstanceTypesException.class)
        .satisfies(e -> assertThat(((InstanceSelectionException) e).field()).isEqualTo(SelectorField.MEMORY))
        .hasMessageContaining("memory 3..3 MiB");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[a-z     | --deny-list: '[a-z' is not a valid regular expression",
  })
  void invalidRegexIsRejectedWithTheField(String regex, String message) {
    assertThatThrownBy(() -> SelectionCriteria.builder().denyList(regex).build())
        .isInstanceOf(InstanceSelectionException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void invalidRangesAreRejectedWithTheField() {
    assertThatThrownBy(() -> SelectionCriteria.builder().vcpusMin(4).vcpusMax(2).build())
        .hasMessage("--vcpus: the minimum (4) must be <= the maximum (2)");
    assertThatThrownBy(() -> SelectionCriteria.builder().gpus(-1).build()).hasMessage("--gpus: must be 0 or more, was -1");
    assertThatThrownBy(() -> SelectionCriteria.builder().cpuArchitecture("sparc").build())
        .hasMessage("--cpu-architecture: must be x86_64 or arm64, was 'sparc'");
    assertThatThrownBy(() -> SelectionCriteria.builder().usageClass("reserved").build())
        .hasMessage("--usage-class: must be spot or on-demand, was 'reserved'");
    assertThatThrownBy(() -> SelectionCriteria.builder().maxResults(0).build()).hasMessage("--max-results: must be positive, was 0");
  }

  @ParameterizedTest
  @CsvSource({"8, 8192", "8Gi, 8192", "8GiB, 8192", "8gb, 8192", "8192Mi, 8192", "0.5, 512", "1Ti, 1048576"})
  void memorySizesParseToMib(String text, long mib) {
    assertThat(MemorySize.parseMib(SelectorField.MEMORY, text)).isEqualTo(mib);
  }

  @Test
  void badMemorySizeNamesTheField() {
    assertThatThrownBy(() -> MemorySize.parseMib(SelectorField.MEMORY, "lots"))
        .hasMessageStartingWith("--memory: 'lots' is not a memory size");
  }
}
