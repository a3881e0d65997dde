package io.spotkube.runtime.flags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * Splits a command line into flag texts with picocli, configured for Go's flag conventions:
 * {@code --name=value} and {@code --name value}, a boolean alone means true (and takes a following
 * {@code true}/{@code false}-like word as its value), no {@code @file} expansion, no abbreviations.
 * Values are left as text: {@link FlagTable} converts them, so that a bad value from a flag and one
 * from an environment variable get the same message. Picocli's errors are reworded into one line
 * naming the flag (see docs/flags.md for why picocli and not a parser of our own).
 */
final class CommandLineTokens {

  private CommandLineTokens() {
  }

  /**
   * The texts given for each flag, by the flag's name (not the alias used), in order; one text unless
   * the flag is {@link Flag#repeatable}.
   */
  static Map<String, List<String>> read(List<Flag<?>> flags, List<String> args) {
    CommandSpec spec = CommandSpec.create();
    spec.parser().expandAtFiles(false);
    for (Flag<?> flag : flags) {
      OptionSpec.Builder option = OptionSpec.builder(flag.names().toArray(String[]::new))
          .type(String.class)
          .userObject(flag.name());
      if (flag.repeatable()) {
        option.type(List.class).auxiliaryTypes(String.class).arity("1");
      } else if (flag.type().bare()) {
        option.arity("0..1").fallbackValue("true");
      } else {
        option.arity("1");
      }
      spec.addOption(option.build());
    }
    CommandLine.ParseResult result;
    try {
      result = new CommandLine(spec).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.UnmatchedArgumentException e) {
      throw unmatched(flags, e);
    } catch (CommandLine.OverwrittenOptionException e) {
      throw new FlagException(e.getOverwritten().userObject() + " is given twice");
    } catch (CommandLine.MissingParameterException e) {
      throw new FlagException(e.getMissing().get(0).userObject() + " needs a value");
    } catch (CommandLine.ParameterException e) {
      throw new FlagException(e.getMessage());
    }
    Map<String, List<String>> texts = new LinkedHashMap<>();
    for (OptionSpec option : result.matchedOptions()) {
      Object value = option.getValue();
      @SuppressWarnings("unchecked") // a repeatable option was declared as a List of String above
      List<String> all = value instanceof List<?> list ? List.copyOf((List<String>) list) : List.of((String) value);
      // picocli gives a bare boolean the next argument when that is no known flag: "--cordon-only --tpyo"
      // must name the unknown flag, not say "--tpyo" is not true or false.
      if (value instanceof String text && text.startsWith("-") && option.arity().min() == 0) {
        throw unknown(flags, text.contains("=") ? text.substring(0, text.indexOf('=')) : text, "");
      }
      texts.put((String) option.userObject(), all);
    }
    return texts;
  }

  private static FlagException unmatched(List<Flag<?>> flags, CommandLine.UnmatchedArgumentException e) {
    String arg = e.getUnmatched().get(0);
    if (!arg.startsWith("-")) {
      return new FlagException("unexpected argument '" + arg + "'");
    }
    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    String suggestion = e.getSuggestions().isEmpty() ? "" : " (did you mean " + e.getSuggestions().get(0) + "?)";
    return unknown(flags, name, suggestion);
  }

  private static FlagException unknown(List<Flag<?>> flags, String name, String suggestion) {
    List<String> known = flags.stream().flatMap(flag -> flag.names().stream()).sorted().toList();
    return new FlagException("unknown flag " + name + suggestion + "; known flags: " + String.join(" ", known));
  }
}
