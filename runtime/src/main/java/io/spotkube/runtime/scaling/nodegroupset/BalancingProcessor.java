package io.spotkube.runtime.scaling.nodegroupset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits new nodes across similar groups so their sizes even out (upstream's
 * {@code BalanceScaleUpBetweenGroups}): the smallest groups are raised first, level by level, and a
 * group stops at its max size. Groups at 1, 3, 5, 5 (max 10) plus 4 nodes end at 4, 4, 5, 5.
 */
public final class BalancingProcessor {

  /** A group's current desired size and its maximum. */
  public record GroupSize(String name, int current, int max) {
  }

  private BalancingProcessor() {
  }

  /** Target sizes by group name, in the order given; groups that get nothing keep their size. */
  public static Map<String, Integer> balance(List<GroupSize> groups, int newNodes) {
    Map<String, Integer> targets = new LinkedHashMap<>();
    groups.forEach(group -> targets.put(group.name(), group.current()));
    int left = newNodes;
    while (left > 0) {
      List<GroupSize> open = new ArrayList<>();
      for (GroupSize group : groups) {
        if (targets.get(group.name()) < group.max()) {
          open.add(group);
        }
      }
      if (open.isEmpty()) {
        break;
      }
      int lowest = open.stream().mapToInt(group -> targets.get(group.name())).min().orElseThrow();
      List<GroupSize> atLowest = open.stream().filter(group -> targets.get(group.name()) == lowest)
          .sorted(Comparator.comparing(GroupSize::name)).toList();
      int nextLevel = open.stream().mapToInt(group -> targets.get(group.name())).filter(size -> size > lowest)
          .min().orElse(Integer.MAX_VALUE);
      int cap = atLowest.stream().mapToInt(GroupSize::max).min().orElseThrow();
      int level = Math.min(nextLevel, cap);
      long cost = (long) (level - lowest) * atLowest.size();
      if (cost <= left) {
        atLowest.forEach(group -> targets.put(group.name(), level));
        left -= (int) cost;
      } else {
        int each = left / atLowest.size();
        int remainder = left % atLowest.size();
        for (int i = 0; i < atLowest.size(); i++) {
          GroupSize group = atLowest.get(i);
          targets.put(group.name(), lowest + each + (i < remainder ? 1 : 0));
        }
        left = 0;
      }
    }
    return targets;
  }
}
