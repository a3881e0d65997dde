package io.spotkube.runtime.scaling.expander;

import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.Resources;
import java.util.List;

/**
 * {@code least-waste}: the options that leave the smallest share of the new nodes' cpu and memory
 * unrequested (upstream's score: wasted cpu share + wasted memory share).
 */
final class LeastWasteFilter implements Filter {

  @Override
  public List<Option> bestOptions(List<Option> options) {
    return Filter.lowest(options, LeastWasteFilter::waste);
  }

  static double waste(Option option) {
    Resources template = option.group().template().allocatable();
    long cpuRequested = 0;
    long memoryRequested = 0;
    for (Pod pod : option.pods()) {
      cpuRequested += pod.requests().cpuMillis();
      memoryRequested += pod.requests().memoryBytes();
    }
    double cpuTotal = (double) template.cpuMillis() * option.nodeCount();
    double memoryTotal = (double) template.memoryBytes() * option.nodeCount();
    double cpuWaste = cpuTotal == 0 ? 0 : (cpuTotal - cpuRequested) / cpuTotal;
    double memoryWaste = memoryTotal == 0 ? 0 : (memoryTotal - memoryRequested) / memoryTotal;
    return cpuWaste + memoryWaste;
  }
}
