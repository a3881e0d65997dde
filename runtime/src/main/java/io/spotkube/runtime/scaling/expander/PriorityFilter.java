package io.spotkube.runtime.scaling.expander;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code priority}: upstream's priority expander. Rules map a priority to regexes of node group
 * names (the {@code cluster-autoscaler-priority-expander} ConfigMap); a regex matches anywhere in
 * the name, as Go's {@code regexp.MatchString}. A group takes the highest priority any of its
 * regexes gives; the options of the highest priority win. When no option matches any rule, all
 * options are kept.
 */
final class PriorityFilter implements Filter {

  private record Rule(int priority, Pattern pattern) {
  }

  private final List<Rule> rules;

  PriorityFilter(Map<Integer, List<String>> priorities) {
    List<Rule> compiled = new ArrayList<>();
    priorities.forEach((priority, regexes) -> {
      for (String regex : regexes) {
        try {
          compiled.add(new Rule(priority, Pattern.compile(regex)));
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("priorities." + priority + ": '" + regex + "' is not a valid regex: "
              + e.getDescription());
        }
      }
    });
    this.rules = List.copyOf(compiled);
  }

  @Override
  public List<Option> bestOptions(List<Option> options) {
    int highest = Integer.MIN_VALUE;
    List<Option> best = new ArrayList<>();
    for (Option option : options) {
      Integer priority = priorityOf(option.group().name());
      if (priority == null) {
        continue;
      }
      if (priority > highest) {
        highest = priority;
        best.clear();
        best.add(option);
      } else if (priority == highest) {
        best.add(option);
      }
    }
    return best.isEmpty() ? options : best;
  }

  private Integer priorityOf(String groupName) {
    Integer found = null;
    for (Rule rule : rules) {
      if ((found == null || rule.priority() > found) && rule.pattern().matcher(groupName).find()) {
        found = rule.priority();
      }
    }
    return found;
  }
}
