package io.spotkube.runtime.scaling.controller.scaledown.unneeded;

import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.ports.ClusterWriter;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's unneeded-node tracking: since when each node has been found unneeded, so it is removed
 * only after {@code --scale-down-unneeded-time}. A node newly found unneeded gets the soft taint
 * {@code DeletionCandidateOfClusterAutoscaler:PreferNoSchedule} (the scheduler prefers other nodes,
 * so the candidate empties faster); it loses it when it is needed again. Not thread-safe: the loop
 * thread owns it.
 */
public final class UnneededNodes {

  public static final String DELETION_CANDIDATE_TAINT = "DeletionCandidateOfClusterAutoscaler";

  private static final Logger LOG = LoggerFactory.getLogger(UnneededNodes.class);

  private final ClusterWriter writer;
  private final Map<String, Instant> since = new HashMap<>();

  public UnneededNodes(ClusterWriter writer) {
    this.writer = writer;
  }

  /** The nodes found unneeded by this loop's plan, at {@code now}. */
  public void update(Collection<String> unneeded, Instant now) {
    Set<String> current = new HashSet<>(unneeded);
    for (String node : List.copyOf(since.keySet())) {
      if (!current.contains(node)) {
        since.remove(node);
        try {
          writer.removeTaint(node, DELETION_CANDIDATE_TAINT);
        } catch (RuntimeException e) {
          LOG.warn("removing the soft taint of node {}: {}", node, e.getMessage());
        }
      }
    }
    for (String node : current) {
      if (since.putIfAbsent(node, now) == null) {
        try {
          writer.addTaint(node, new Taint(DELETION_CANDIDATE_TAINT, Long.toString(now.getEpochSecond()),
              "PreferNoSchedule"));
        } catch (RuntimeException e) {
          LOG.warn("soft-tainting node {}: {}", node, e.getMessage()); // best effort: only a preference
        }
      }
    }
  }

  /** Since when each unneeded node has been unneeded. */
  public Map<String, Instant> since() {
    return Map.copyOf(since);
  }
}
