package io.spotkube.catalog;

import java.util.List;

/** An instance type name the catalog does not know; the message lists the nearest known names. */
public final class UnknownInstanceTypeException extends IllegalArgumentException {

  private final String name;
  private final List<String> nearNames;

  public UnknownInstanceTypeException(String name, List<String> nearNames) {
    super("unknown instance type '" + name + "'" + (nearNames.isEmpty() ? "" : "; near types: " + String.join(", ", nearNames)));
    this.name = name;
    this.nearNames = List.copyOf(nearNames);
  }

  public String name() {
    return name;
  }

  public List<String> nearNames() {
    return nearNames;
  }
}
