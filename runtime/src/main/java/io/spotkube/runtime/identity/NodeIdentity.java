package io.spotkube.runtime.identity;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.EventRecorder;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.ports.InstanceLookup;
import io.spotkube.runtime.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node identity and instance ownership, checked against EC2 ({@link NodeIdentityCheck}) before a
 * node is labelled, counted as a group's node or its instance terminated, and before the handler
 * acts on an instance. Verdicts are cached: an instance never changes its private DNS name or IP,
 * so a verified node stays verified; a refused one is checked again after {@link #RECHECK} (and
 * reported once per check: a Warning Event on the node, a log line, a metric). Lookups of the
 * nodes and instances not yet judged go to EC2 together, in the adapter's batches. Thread-safe.
 */
public final class NodeIdentity {

  /** How long a refusal (or a non-owned instance) stands before EC2 is asked again. */
  public static final Duration RECHECK = Duration.ofMinutes(5);
  /** Verdicts kept at most (a 5,000-node cluster's, with room for churn). */
  static final int MAX_CACHED = 50_000;

  private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);

  private final InstanceLookup instances;
  private final ClusterOwnership ownership;
  private final EventRecorder events;
  private final IdentityMetrics metrics;
  private final Clock clock;
  private final Map<String, Cached> verdicts = lru();
  private final Map<String, Cached> owned = lru();

  /** @param ownership null when the cluster is unknown (the handler run alone): ownership is then not checked */
  public NodeIdentity(InstanceLookup instances, ClusterOwnership ownership, EventRecorder events,
      IdentityMetrics metrics, Clock clock) {
    this.instances = instances;
    this.ownership = ownership;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The verdict for each node, by node name: cached ones as they are, the rest from one batched lookup. */
  public Map<String, IdentityVerdict> verify(Collection<Node> nodes) {
    Instant now = clock.instant();
    Map<String, IdentityVerdict> result = new HashMap<>();
    List<Node> unjudged = new ArrayList<>();
    synchronized (verdicts) {
      for (Node node : nodes) {
        Cached cached = verdicts.get(key(node));
        if (cached != null && !cached.expired(now)) {
          result.put(node.name(), cached.verdict());
        } else {
          unjudged.add(node);
        }
      }
    }
    Set<String> ids = new HashSet<>();
    unjudged.forEach(node -> node.instanceId().ifPresent(ids::add));
    Map<String, InstanceInfo> found;
    try {
      found = lookup(ids);
    } catch (RuntimeException lookupFailure) {
      LOG.warn("node identity: EC2 lookup of {} instances failed, {} nodes stay unverified for now: {}", ids.size(),
          unjudged.size(), SafeText.escape(String.valueOf(lookupFailure.getMessage())));
      unjudged.forEach(node -> result.put(node.name(), IdentityVerdict.pending("EC2 lookup failed")));
      return result;
    }
    found.values().forEach(instance -> rememberOwnership(instance, now));
    for (Node node : unjudged) {
      IdentityVerdict verdict = NodeIdentityCheck.check(node, node.instanceId().map(found::get).orElse(null),
          ownership);
      result.put(node.name(), verdict);
      record(node, verdict, now);
    }
    return result;
  }

  /** One node's verdict (a lookup of its instance unless cached). */
  public IdentityVerdict verify(Node node) {
    return verify(List.of(node)).get(node.name());
  }

  /** A node's verdict when EC2's answer on its instance is already at hand (the handler's batch). */
  public IdentityVerdict verify(Node node, InstanceInfo instance) {
    Instant now = clock.instant();
    synchronized (verdicts) {
      Cached cached = verdicts.get(key(node));
      if (cached != null && !cached.expired(now)) {
        return cached.verdict();
      }
    }
    IdentityVerdict verdict = NodeIdentityCheck.check(node, instance, ownership);
    record(node, verdict, now);
    return verdict;
  }

  /** The names of the verified nodes among {@code nodes}. */
  public Set<String> verifiedNames(Collection<Node> nodes) {
    Set<String> names = new HashSet<>();
    verify(nodes).forEach((name, verdict) -> {
      if (verdict.verified()) {
        names.add(name);
      }
    });
    return names;
  }

  /** Whether the instance carries this cluster's ownership tags (true for any when the cluster is unknown). */
  public boolean owns(InstanceInfo instance) {
    return ownership == null || ownership.owns(instance.tags());
  }

  /** Whether instances are checked for the cluster's ownership tags (the cluster is known). */
  public boolean checksOwnership() {
    return ownership != null;
  }

  /**
   * Whether EC2 says the instance is this cluster's; cached like verdicts. Unknown instances are not
   * owned. Lookup failures propagate: the caller does not act.
   */
  public boolean owned(String instanceId) {
    if (ownership == null) {
      return true;
    }
    Instant now = clock.instant();
    synchronized (owned) {
      Cached cached = owned.get(instanceId);
      if (cached != null && !cached.expired(now)) {
        return cached.verdict().verified();
      }
    }
    InstanceInfo instance = lookup(Set.of(instanceId)).get(instanceId);
    if (instance == null) {
      return false;
    }
    return rememberOwnership(instance, now);
  }

  /** Caches what a lookup showed of an instance's ownership, so a later terminate asks EC2 nothing. */
  private boolean rememberOwnership(InstanceInfo instance, Instant now) {
    if (ownership == null) {
      return true;
    }
    boolean ours = ownership.owns(instance.tags());
    synchronized (owned) {
      owned.put(instance.instanceId(), ours ? new Cached(IdentityVerdict.VERIFIED, null)
          : new Cached(IdentityVerdict.refused("not owned"), now.plus(RECHECK)));
    }
    return ours;
  }

  /** One batched DescribeInstances for the instances of a whole message or loop. */
  public Map<String, InstanceInfo> lookup(Collection<String> instanceIds) {
    if (instanceIds.isEmpty()) {
      return Map.of();
    }
    try {
      Map<String, InstanceInfo> found = instances.describeAll(instanceIds);
      metrics.lookups.inc("ok");
      return found;
    } catch (RuntimeException lookupFailure) {
      metrics.lookups.inc("error");
      throw lookupFailure;
    }
  }

  /** Counts an action not taken because of a refused or pending identity (count, label, terminate, drain). */
  public void refusedAction(String action) {
    metrics.refusedActions.inc(action);
  }

  private void record(Node node, IdentityVerdict verdict, Instant now) {
    switch (verdict.status()) {
      case VERIFIED -> {
        synchronized (verdicts) {
          verdicts.put(key(node), new Cached(verdict, null));
        }
        metrics.verdicts.inc("verified");
      }
      case REFUSED -> {
        synchronized (verdicts) {
          verdicts.put(key(node), new Cached(verdict, now.plus(RECHECK)));
        }
        metrics.verdicts.inc("refused");
        String text = "node " + node.name() + " " + verdict.reason()
            + ": not labelled, not counted as a group's node, its instance not terminated for it";
        LOG.warn("node identity refused: {}", SafeText.escape(text));
        events.nodeEvent(node.name(), EventRecorder.WARNING, "NodeIdentityRefused", text);
      }
      case PENDING -> LOG.debug("node identity of {} pending: {}", node.name(), verdict.reason());
      default -> throw new IllegalStateException(verdict.status().name());
    }
  }

  /** Name, provider ID and InternalIP: what the node claims; a change is a new claim, judged again. */
  private static String key(Node node) {
    return node.name() + "|" + node.providerId() + "|" + node.internalIp();
  }

  private static Map<String, Cached> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        return size() > MAX_CACHED;
      }
    };
  }

  /** @param until null: for good */
  private record Cached(IdentityVerdict verdict, Instant until) {
    boolean expired(Instant now) {
      return until != null && !now.isBefore(until);
    }
  }
}
