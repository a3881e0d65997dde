package io.spotkube.runtime.adapters.aws;

import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.observability.CallTimer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Nodegroup;

/**
 * What EKS ({@code eks:DescribeNodegroup}) says new nodes of a managed node group look like: the
 * labels and taints EKS passes to their kubelets, which the group's Auto Scaling group does not
 * carry as node-template tags. As upstream cluster-autoscaler's {@code managedNodegroupCache}: an
 * answer is kept {@link #TTL}, and a failed call is kept as "nothing known" just as long, so a
 * missing permission or a deleted group costs one call per TTL, not one per loop.
 */
public final class EksManagedNodeGroups {

  private static final Logger LOG = LoggerFactory.getLogger(EksManagedNodeGroups.class);

  /** Upstream's {@code managedNodegroupCachedTTL}: labels and taints of a group change rarely. */
  public static final Duration TTL = Duration.ofMinutes(6);
  /** The label EKS puts on every node of a managed group. */
  public static final String NODEGROUP_LABEL = "eks.amazonaws.com/nodegroup";
  /** The label EKS puts on every node of a managed group: ON_DEMAND or SPOT. */
  public static final String CAPACITY_TYPE_LABEL = "eks.amazonaws.com/capacityType";

  /** Labels and taints of the group's new nodes, as EKS gives them. */
  public record Description(Map<String, String> labels, List<Taint> taints) {
    static final Description NOTHING = new Description(Map.of(), List.of());

    public Description {
      labels = Map.copyOf(labels);
      taints = List.copyOf(taints);
    }
  }

  private record Cached(Description description, Instant expires) {
  }

  private final EksClient eks;
  private final AwsCalls calls;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public EksManagedNodeGroups(EksClient eks, CallTimer timer, Clock clock) {
    this.eks = eks;
    this.calls = new AwsCalls(timer);
    this.clock = clock;
  }

  /** The group's labels and taints; empty when EKS could not say (logged, and remembered for {@link #TTL}). */
  public Optional<Description> describe(String clusterName, String nodeGroupName) {
    String key = clusterName + "/" + nodeGroupName;
    Instant now = clock.instant();
    Cached cached = cache.get(key);
    if (cached == null || !now.isBefore(cached.expires())) {
      cached = new Cached(fetch(clusterName, nodeGroupName), now.plus(TTL));
      cache.put(key, cached);
    }
    return cached.description() == Description.NOTHING ? Optional.empty() : Optional.of(cached.description());
  }

  private Description fetch(String clusterName, String nodeGroupName) {
    Nodegroup group;
    try {
      group = calls.call("eks.DescribeNodegroup",
          () -> "reading managed node group " + nodeGroupName + " of EKS cluster " + clusterName,
          () -> eks.describeNodegroup(request -> request.clusterName(clusterName).nodegroupName(nodeGroupName))
              .nodegroup());
    } catch (AwsCallException e) {
      // As upstream: the group is still scaled, from what its tags and instance types say.
      LOG.warn("{}; its template is built from its Auto Scaling group alone", e.getMessage());
      return Description.NOTHING;
    }
    Map<String, String> labels = new TreeMap<>(group.labels());
    labels.put(NODEGROUP_LABEL, nodeGroupName);
    if (group.capacityTypeAsString() != null) {
      labels.put(CAPACITY_TYPE_LABEL, group.capacityTypeAsString());
    }
    List<Taint> taints = group.taints().stream()
        .map(taint -> new Taint(taint.key(), taint.value(), effect(nodeGroupName, taint.effectAsString()))).toList();
    return new Description(labels, taints);
  }

  /** EKS writes effects as NO_SCHEDULE, PREFER_NO_SCHEDULE, NO_EXECUTE; Kubernetes as NoSchedule... */
  static String effect(String nodeGroupName, String eksEffect) {
    return switch (eksEffect) {
      case "NO_SCHEDULE" -> "NoSchedule";
      case "PREFER_NO_SCHEDULE" -> "PreferNoSchedule";
      case "NO_EXECUTE" -> "NoExecute";
      default -> throw new IllegalArgumentException("managed node group " + nodeGroupName
          + ": unknown taint effect " + eksEffect + " in eks:DescribeNodegroup");
    };
  }
}
