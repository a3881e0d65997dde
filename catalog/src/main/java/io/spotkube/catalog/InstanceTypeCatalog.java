package io.spotkube.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The EC2 instance types this library knows, loaded once from the bundled
 * {@code ec2-instance-types.csv} (sources: {@code ec2-instance-types.SOURCES.md} beside it).
 *
 * <p>Immutable and safe to share between threads. Types are kept sorted by name.
 */
public final class InstanceTypeCatalog {

  static final String BUNDLED_RESOURCE = "ec2-instance-types.csv";

  private final Map<String, InstanceType> byName;
  private final Set<String> pricedRegions;

  private InstanceTypeCatalog(List<InstanceType> types) {
    Map<String, InstanceType> sorted = new LinkedHashMap<>();
    types.stream()
        .sorted(Comparator.comparing(InstanceType::name))
        .forEach(type -> {
          if (sorted.putIfAbsent(type.name(), type) != null) {
            throw new IllegalArgumentException("instance type " + type.name() + " is listed twice");
          }
        });
    this.byName = java.util.Collections.unmodifiableMap(sorted);
    Set<String> regions = new TreeSet<>();
    types.forEach(type -> regions.addAll(type.onDemandPrices().keySet()));
    this.pricedRegions = java.util.Collections.unmodifiableSet(regions);
  }

  /** A catalog of the given types (tests, or a user's own data). */
  public static InstanceTypeCatalog of(List<InstanceType> types) {
    return new InstanceTypeCatalog(types);
  }

  /** The catalog bundled with this library, parsed on first use and shared afterwards. */
  public static InstanceTypeCatalog bundled() {
    return Bundled.INSTANCE;
  }

  /** Parses a catalog in the bundled CSV layout; errors name {@code sourceName} and the line. */
  public static InstanceTypeCatalog parse(Reader csv, String sourceName) throws IOException {
    return new InstanceTypeCatalog(InstanceTypeCsv.read(csv, sourceName));
  }

  public List<InstanceType> all() {
    return List.copyOf(byName.values());
  }

  public int size() {
    return byName.size();
  }

  public Optional<InstanceType> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The type of that name.
   *
   * @throws UnknownInstanceTypeException naming the closest known types
   */
  public InstanceType get(String name) {
    InstanceType type = byName.get(name);
    if (type == null) {
      throw new UnknownInstanceTypeException(name, NearNames.closest(name, byName.keySet(), 5));
    }
    return type;
  }

  /** Regions for which at least one on-demand price is known. */
  public Set<String> pricedRegions() {
    return pricedRegions;
  }

  private static final class Bundled {
    static final InstanceTypeCatalog INSTANCE = load();

    private static InstanceTypeCatalog load() {
      try (InputStream in = InstanceTypeCatalog.class.getResourceAsStream(BUNDLED_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("bundled resource " + BUNDLED_RESOURCE + " is missing from the classpath");
        }
        return parse(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED_RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + BUNDLED_RESOURCE, e);
      }
    }
  }
}
