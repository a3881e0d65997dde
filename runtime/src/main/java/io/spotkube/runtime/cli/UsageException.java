package io.spotkube.runtime.cli;

/** Bad flags or input: printed as one line, exit code 2. The message names the flag, field or file. */
public final class UsageException extends RuntimeException {

  public UsageException(String message) {
    super(message);
  }
}
