package io.spotkube.runtime.ports;

import java.util.Objects;

/**
 * A node group named on the command line, cluster-autoscaler's {@code --nodes=<min>:<max>:<name>}: the
 * Auto Scaling group {@code name}, scaled within {@code [min, max]} (these bounds win over the
 * group's own MinSize and MaxSize, as upstream's do).
 */
public record StaticNodeGroup(int min, int max, String name) {

  public StaticNodeGroup {
    Objects.requireNonNull(name, "name");
    if (min < 0 || max < min || name.isBlank()) {
      throw new IllegalArgumentException("min " + min + ", max " + max + ", name '" + name + "'");
    }
  }

  /**
   * {@code <min>:<max>:<name>}.
   *
   * @throws IllegalArgumentException one line naming {@code source} and the expected form
   */
  public static StaticNodeGroup parse(String source, String text) {
    String[] parts = text.strip().split(":", 3);
    String form = source + ": '" + text + "' is not <min>:<max>:<Auto Scaling group name> (e.g. 1:10:my-asg)";
    if (parts.length != 3 || parts[2].isBlank()) {
      throw new IllegalArgumentException(form);
    }
    int min;
    int max;
    try {
      min = Integer.parseInt(parts[0]);
      max = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(form);
    }
    if (min < 0 || max < min) {
      throw new IllegalArgumentException(source + ": '" + text + "': min must be >= 0 and max >= min");
    }
    return new StaticNodeGroup(min, max, parts[2]);
  }
}
