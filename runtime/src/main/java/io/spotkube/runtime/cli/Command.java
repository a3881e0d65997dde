package io.spotkube.runtime.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of the runtime jar. */
interface Command {

  /**
   * Runs with the arguments after the command name.
   *
   * @return the process exit code (see {@link ExitCodes})
   * @throws UsageException for bad flags or input; the caller prints its message and exits 2
   */
  int run(List<String> args, PrintStream out, PrintStream err);
}
