package io.spotkube.runtime.cli;

import io.spotkube.runtime.text.SafeText;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code spotkube-runtime.jar}: {@code java -jar spotkube-runtime.jar COMMAND [flags]}.
 *
 * <p>Exit codes: 0 success, 2 bad input (one line on stderr naming the flag, field or file),
 * 1 an unexpected failure.
 */
public final class Main {

  /**
   * Longest error line: messages quote values from the input, and whatever a validator quoted,
   * the line stays one line (control characters escaped) of bounded length; long enough for the
   * list of known flags an unknown flag of {@code run} is answered with (~1,600 characters).
   */
  private static final int MAX_ERROR_CHARS = 4000;

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs one command; never exits the JVM, so tests call it in-process. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Map<String, Command> commands = commands();
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      err.println("usage: spotkube-runtime COMMAND [flags]; commands: " + String.join(", ", commands.keySet()));
      return args.isEmpty() ? ExitCodes.USAGE : ExitCodes.OK;
    }
    Command command = commands.get(args.get(0));
    if (command == null) {
      err.println("unknown command '" + args.get(0) + "'; commands: " + String.join(", ", commands.keySet()));
      return ExitCodes.USAGE;
    }
    try {
      return command.run(args.subList(1, args.size()), out, err);
    } catch (UsageException e) {
      err.println(args.get(0) + ": " + SafeText.quote(e.getMessage(), MAX_ERROR_CHARS));
      return ExitCodes.USAGE;
    } catch (RuntimeException e) {
      err.println(args.get(0) + ": unexpected failure: " + SafeText.quote(e.toString(), MAX_ERROR_CHARS));
      return ExitCodes.FAILURE;
    }
  }

  private static Map<String, Command> commands() {
    Map<String, Command> commands = new TreeMap<>();
    commands.put("plan", new PlanCommand());
    commands.put("select-instance-types", new SelectInstanceTypesCommand());
    commands.put("parse-event", new ParseEventCommand());
    commands.put("run", new RunCommand());
    return commands;
  }
}
