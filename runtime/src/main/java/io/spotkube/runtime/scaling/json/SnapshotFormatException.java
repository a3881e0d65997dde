package io.spotkube.runtime.scaling.json;

/** A snapshot that cannot be read; the message names the file or field (e.g. {@code nodeGroups[0].minSize}). */
public final class SnapshotFormatException extends RuntimeException {

  public SnapshotFormatException(String message) {
    super(message);
  }
}
