package io.spotkube.catalog;

/**
 * The fields of an instance selection, each with its {@code kops toolbox instance-selector}
 * flag and the Java property name the constructs use, so an error can name either.
 */
public enum SelectorField {
  BASE_INSTANCE_TYPE("--base-instance-type", "baseInstanceType"),
  VCPUS("--vcpus", "vcpus"),
  MEMORY("--memory", "memory"),
  GPUS("--gpus", "gpus"),
  CPU_ARCHITECTURE("--cpu-architecture", "cpuArchitecture"),
  BURST_SUPPORT("--burst-support", "burstSupport"),
  CURRENT_GENERATION("--current-generation", "currentGeneration"),
  USAGE_CLASS("--usage-class", "usageClass"),
  ALLOW_LIST("--allow-list", "allowList"),
  DENY_LIST("--deny-list", "denyList"),
  MAX_RESULTS("--max-results", "maxResults"),
  REGION("--region", "region");

  private final String flag;
  private final String propertyName;

  SelectorField(String flag, String propertyName) {
    this.flag = flag;
    this.propertyName = propertyName;
  }

  /** The command-line flag, e.g. {@code --deny-list}. */
  public String flag() {
    return flag;
  }

  /** The property name in builders, e.g. {@code denyList}. */
  public String propertyName() {
    return propertyName;
  }
}
