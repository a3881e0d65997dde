package io.spotkube.catalog;

/**
 * An instance selection that cannot be made. {@link #field()} says which input is at fault so
 * the command line can name its flag and a construct its prop; {@link #getMessage()} uses the
 * flag.
 */
public class InstanceSelectionException extends IllegalArgumentException {

  private final SelectorField field;
  private final String detail;

  public InstanceSelectionException(SelectorField field, String detail) {
    super(field.flag() + ": " + detail);
    this.field = field;
    this.detail = detail;
  }

  public SelectorField field() {
    return field;
  }

  /** What is wrong, without the field's name. */
  public String detail() {
    return detail;
  }

  /** The message with the field named as the caller calls it, e.g. {@code spotGroup.denyList}. */
  public String messageFor(String fieldLabel) {
    return fieldLabel + ": " + detail;
  }
}
