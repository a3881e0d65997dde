package io.spotkube.catalog;

/** The catalog file is malformed; the message names the file, the line and the column. */
public final class CatalogFormatException extends IllegalArgumentException {

  public CatalogFormatException(String message) {
    super(message);
  }
}
