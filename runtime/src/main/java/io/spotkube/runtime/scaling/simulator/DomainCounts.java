package io.spotkube.runtime.scaling.simulator;

import java.util.HashMap;
import java.util.Map;

/**
 * Matching pods per topology domain for one spread constraint, with the minimum over domains kept
 * incrementally: the simulation asks for it on every placement of a spread pod, and a scan of 5,000
 * hostname domains each time would make the decision quadratic.
 */
final class DomainCounts {

  private static final class Domain {
    int pods;
    int nodes;
  }

  private final Map<String, Domain> domains = new HashMap<>();
  private int min;
  private int atMin;
  private boolean minValid = true;

  void addNode(String domain, int matchingPods) {
    Domain existing = domains.get(domain);
    if (existing == null) {
      Domain created = new Domain();
      created.nodes = 1;
      domains.put(domain, created);
      domainAppears(0);
      add(created, matchingPods);
    } else {
      existing.nodes++;
      add(existing, matchingPods);
    }
  }

  void removeNode(String domain, int matchingPods) {
    Domain existing = domains.get(domain);
    if (existing == null) {
      return;
    }
    add(existing, -matchingPods);
    existing.nodes--;
    if (existing.nodes == 0) {
      domains.remove(domain);
      if (minValid && existing.pods == min && --atMin == 0) {
        minValid = false;
      }
    }
  }

  void podAdded(String domain) {
    Domain existing = domains.get(domain);
    if (existing != null) {
      add(existing, 1);
    }
  }

  void podRemoved(String domain) {
    Domain existing = domains.get(domain);
    if (existing != null) {
      add(existing, -1);
    }
  }

  int count(String domain) {
    Domain existing = domains.get(domain);
    return existing == null ? 0 : existing.pods;
  }

  int min() {
    if (!minValid) {
      min = Integer.MAX_VALUE;
      atMin = 0;
      for (Domain domain : domains.values()) {
        if (domain.pods < min) {
          min = domain.pods;
          atMin = 1;
        } else if (domain.pods == min) {
          atMin++;
        }
      }
      if (domains.isEmpty()) {
        min = 0;
      }
      minValid = true;
    }
    return min;
  }

  private void domainAppears(int pods) {
    if (!minValid) {
      return;
    }
    if (domains.size() == 1 || pods < min) {
      min = pods;
      atMin = 1;
    } else if (pods == min) {
      atMin++;
    }
  }

  private void add(Domain domain, int delta) {
    if (delta == 0) {
      return;
    }
    int before = domain.pods;
    domain.pods += delta;
    if (!minValid) {
      return;
    }
    if (before == min) {
      atMin--;
    }
    if (domain.pods < min) {
      min = domain.pods;
      atMin = 1;
    } else if (domain.pods == min) {
      atMin++;
    }
    if (atMin == 0) {
      minValid = false;
    }
  }
}
