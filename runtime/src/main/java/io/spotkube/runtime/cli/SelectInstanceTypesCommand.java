package io.spotkube.runtime.cli;

import io.spotkube.catalog.InstanceSelectionException;
import io.spotkube.catalog.InstanceSelector;
import io.spotkube.catalog.MemorySize;
import io.spotkube.catalog.SelectionCriteria;
import io.spotkube.catalog.SelectorField;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code select-instance-types}: the diversified list a DiversifiedSpotNodeGroup would put in its
 * MixedInstancesPolicy, one type per line (contract section 3).
 */
final class SelectInstanceTypesCommand implements Command {

  private static final Set<String> FLAGS = Set.of(
      "--base-instance-type", "--vcpus", "--vcpus-min", "--vcpus-max", "--memory", "--memory-min", "--memory-max",
      "--gpus", "--cpu-architecture", "--burst-support", "--allow-list", "--deny-list", "--usage-class",
      "--current-generation", "--max-results", "--region");

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Flags flags = Flags.parse(args, FLAGS);
    List<String> names;
    try {
      names = InstanceSelector.bundled().selectNames(criteria(flags));
    } catch (InstanceSelectionException e) {
      throw new UsageException(e.getMessage());
    }
    names.forEach(out::println);
    return ExitCodes.OK;
  }

  private static SelectionCriteria criteria(Flags flags) {
    SelectionCriteria.Builder builder = SelectionCriteria.builder();
    flags.text("--base-instance-type").ifPresent(builder::baseInstanceType);
    flags.integer("--vcpus").ifPresent(builder::vcpus);
    flags.integer("--vcpus-min").ifPresent(builder::vcpusMin);
    flags.integer("--vcpus-max").ifPresent(builder::vcpusMax);
    flags.text("--memory").map(text -> MemorySize.parseMib(SelectorField.MEMORY, text)).ifPresent(builder::memoryMib);
    flags.text("--memory-min").map(text -> MemorySize.parseMib(SelectorField.MEMORY, text)).ifPresent(builder::memoryMinMib);
    flags.text("--memory-max").map(text -> MemorySize.parseMib(SelectorField.MEMORY, text)).ifPresent(builder::memoryMaxMib);
    flags.integer("--gpus").ifPresent(builder::gpus);
    flags.text("--cpu-architecture").ifPresent(builder::cpuArchitecture);
    flags.bool("--burst-support").ifPresent(builder::burstSupport);
    flags.bool("--current-generation").ifPresent(builder::currentGeneration);
    flags.text("--allow-list").ifPresent(builder::allowList);
    flags.text("--deny-list").ifPresent(builder::denyList);
    flags.text("--usage-class").ifPresent(builder::usageClass);
    flags.integer("--max-results").ifPresent(builder::maxResults);
    flags.text("--region").ifPresent(builder::region);
    return builder.build();
  }
}
