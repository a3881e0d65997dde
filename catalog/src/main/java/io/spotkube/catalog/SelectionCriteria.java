package io.spotkube.catalog;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to select, with the flags of {@code kops toolbox instance-selector}. Immutable; build with
 * {@link #builder()}. Every field is optional: an unset filter lets every type through.
 *
 * <p>With a base instance type, vCPUs and memory default to 0.9x..1.2x of the base and GPU count
 * and CPU architecture to the base's; explicit values win over those defaults.
 */
public final class SelectionCriteria {

  /** The default cut of the sorted result, as in the instance selector. */
  public static final int DEFAULT_MAX_RESULTS = 20;
  /** The range around a base type: the instance selector's flexible bounds. */
  public static final double BASE_LOWER_FACTOR = 0.9;
  public static final double BASE_UPPER_FACTOR = 1.2;

  private final String baseInstanceType;
  private final Integer vcpusMin;
  private final Integer vcpusMax;
  private final Long memoryMinMib;
  private final Long memoryMaxMib;
  private final Integer gpus;
  private final String cpuArchitecture;
  private final Boolean burstSupport;
  private final Boolean currentGeneration;
  private final String usageClass;
  private final Pattern allowList;
  private final Pattern denyList;
  private final int maxResults;
  private final String region;

  private SelectionCriteria(Builder builder) {
    this.baseInstanceType = builder.baseInstanceType;
    this.vcpusMin = builder.vcpusMin;
    this.vcpusMax = builder.vcpusMax;
    this.memoryMinMib = builder.memoryMinMib;
    this.memoryMaxMib = builder.memoryMaxMib;
    this.gpus = builder.gpus;
    this.cpuArchitecture = builder.cpuArchitecture;
    this.burstSupport = builder.burstSupport;
    this.currentGeneration = builder.currentGeneration;
    this.usageClass = builder.usageClass;
    this.allowList = compile(SelectorField.ALLOW_LIST, builder.allowList);
    this.denyList = compile(SelectorField.DENY_LIST, builder.denyList);
    this.maxResults = builder.maxResults;
    this.region = builder.region;
    validate();
  }

  public static Builder builder() {
    return new Builder();
  }

  private void validate() {
    if (vcpusMin != null && vcpusMin <= 0) {
      throw new InstanceSelectionException(SelectorField.VCPUS, "the minimum must be positive, was " + vcpusMin);
    }
    if (vcpusMin != null && vcpusMax != null && vcpusMin > vcpusMax) {
      throw new InstanceSelectionException(SelectorField.VCPUS,
          "the minimum (" + vcpusMin + ") must be <= the maximum (" + vcpusMax + ")");
    }
    if (memoryMinMib != null && memoryMinMib <= 0) {
      throw new InstanceSelectionException(SelectorField.MEMORY, "the minimum must be positive, was " + memoryMinMib + " MiB");
    }
    if (memoryMinMib != null && memoryMaxMib != null && memoryMinMib > memoryMaxMib) {
      throw new InstanceSelectionException(SelectorField.MEMORY,
          "the minimum (" + memoryMinMib + " MiB) must be <= the maximum (" + memoryMaxMib + " MiB)");
    }
    if (gpus != null && gpus < 0) {
      throw new InstanceSelectionException(SelectorField.GPUS, "must be 0 or more, was " + gpus);
    }
    if (cpuArchitecture != null && !cpuArchitecture.equals("x86_64") && !cpuArchitecture.equals("arm64")) {
      throw new InstanceSelectionException(SelectorField.CPU_ARCHITECTURE,
          "must be x86_64 or arm64, was '" + cpuArchitecture + "'");
    }
    if (usageClass != null && !usageClass.equals("spot") && !usageClass.equals("on-demand")) {
      throw new InstanceSelectionException(SelectorField.USAGE_CLASS, "must be spot or on-demand, was '" + usageClass + "'");
    }
    if (maxResults <= 0) {
      throw new InstanceSelectionException(SelectorField.MAX_RESULTS, "must be positive, was " + maxResults);
    }
  }

  private static Pattern compile(SelectorField field, String regex) {
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new InstanceSelectionException(field,
          "'" + regex + "' is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
    }
  }

  public Optional<String> baseInstanceType() {
    return Optional.ofNullable(baseInstanceType);
  }

  public Optional<Integer> vcpusMin() {
    return Optional.ofNullable(vcpusMin);
  }

  public Optional<Integer> vcpusMax() {
    return Optional.ofNullable(vcpusMax);
  }

  public Optional<Long> memoryMinMib() {
    return Optional.ofNullable(memoryMinMib);
  }

  public Optional<Long> memoryMaxMib() {
    return Optional.ofNullable(memoryMaxMib);
  }

  public Optional<Integer> gpus() {
    return Optional.ofNullable(gpus);
  }

  public Optional<String> cpuArchitecture() {
    return Optional.ofNullable(cpuArchitecture);
  }

  public Optional<Boolean> burstSupport() {
    return Optional.ofNullable(burstSupport);
  }

  public Optional<Boolean> currentGeneration() {
    return Optional.ofNullable(currentGeneration);
  }

  public Optional<String> usageClass() {
    return Optional.ofNullable(usageClass);
  }

  public Optional<Pattern> allowList() {
    return Optional.ofNullable(allowList);
  }

  public Optional<Pattern> denyList() {
    return Optional.ofNullable(denyList);
  }

  public int maxResults() {
    return maxResults;
  }

  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** Builder; setters return this, {@link #build()} validates and names the bad field. */
  public static final class Builder {
    private String baseInstanceType;
    private Integer vcpusMin;
    private Integer vcpusMax;
    private Long memoryMinMib;
    private Long memoryMaxMib;
    private Integer gpus;
    private String cpuArchitecture;
    private Boolean burstSupport;
    private Boolean currentGeneration;
    private String usageClass;
    private String allowList;
    private String denyList;
    private int maxResults = DEFAULT_MAX_RESULTS;
    private String region;

    private Builder() {
    }

    public Builder baseInstanceType(String baseInstanceType) {
      this.baseInstanceType = baseInstanceType;
      return this;
    }

    /** Exactly this many vCPUs. */
    public Builder vcpus(int vcpus) {
      this.vcpusMin = vcpus;
      this.vcpusMax = vcpus;
      return this;
    }

    public Builder vcpusMin(Integer vcpusMin) {
      this.vcpusMin = vcpusMin;
      return this;
    }

    public Builder vcpusMax(Integer vcpusMax) {
      this.vcpusMax = vcpusMax;
      return this;
    }

    /** Exactly this much memory. */
    public Builder memoryMib(long memoryMib) {
      this.memoryMinMib = memoryMib;
      this.memoryMaxMib = memoryMib;
      return this;
    }

    public Builder memoryMinMib(Long memoryMinMib) {
      this.memoryMinMib = memoryMinMib;
      return this;
    }

    public Builder memoryMaxMib(Long memoryMaxMib) {
      this.memoryMaxMib = memoryMaxMib;
      return this;
    }

    public Builder gpus(Integer gpus) {
      this.gpus = gpus;
      return this;
    }

    public Builder cpuArchitecture(String cpuArchitecture) {
      this.cpuArchitecture = cpuArchitecture == null ? null : cpuArchitecture.toLowerCase(Locale.ROOT);
      return this;
    }

    public Builder burstSupport(Boolean burstSupport) {
      this.burstSupport = burstSupport;
      return this;
    }

    public Builder currentGeneration(Boolean currentGeneration) {
      this.currentGeneration = currentGeneration;
      return this;
    }

    public Builder usageClass(String usageClass) {
      this.usageClass = usageClass;
      return this;
    }

    /** Keep only names in which this regular expression matches somewhere. */
    public Builder allowList(String allowList) {
      this.allowList = allowList;
      return this;
    }

    /** Drop names in which this regular expression matches somewhere. */
    public Builder denyList(String denyList) {
      this.denyList = denyList;
      return this;
    }

    public Builder maxResults(int maxResults) {
      this.maxResults = maxResults;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public SelectionCriteria build() {
      return new SelectionCriteria(this);
    }
  }
}
