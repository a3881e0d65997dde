package io.spotkube.catalog;

import java.util.List;

/** The filters left no instance type; names the filter that emptied the list and types near it. */
public final class NoMatchingInstanceTypesException extends InstanceSelectionException {

  private final List<String> nearTypes;

  public NoMatchingInstanceTypesException(SelectorField field, String filter, List<String> nearTypes) {
    super(field, "no instance type is left after the filter " + filter
        + (nearTypes.isEmpty() ? "" : "; types that passed the filters before it: " + String.join(", ", nearTypes)));
    this.nearTypes = List.copyOf(nearTypes);
  }

  public List<String> nearTypes() {
    return nearTypes;
  }
}
