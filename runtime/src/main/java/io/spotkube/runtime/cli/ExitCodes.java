package io.spotkube.runtime.cli;

/** Process exit codes of the command line contract. */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;

  private ExitCodes() {
  }
}
