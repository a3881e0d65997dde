package io.spotkube.runtime.scaling.controller.clusterstate;

import io.spotkube.contract.GoDurations;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.ports.ScalingActivity;
import io.spotkube.runtime.scaling.backoff.ExponentialBackoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's cluster-state registry: the scale-ups awaiting their nodes, and the groups backed off
 * after one failed. A scale-up is done when the group has as many registered nodes as it asked
 * for; it has failed when the group's scaling activities show a failed launch (fast Spot fallback:
 * at once, not after {@code --max-node-provision-time}) or when that time has passed. A failed
 * scale-up backs its group off and takes back the capacity that will not come, so the next plan
 * does not count those nodes as upcoming, the way upstream does: the desired capacity is lowered
 * only by what has not been launched (never below the instances there, so the group's termination
 * policy never picks a victim, which could be a healthy node running pods), and after
 * {@code --max-node-provision-time} the instances that never registered as nodes are terminated by
 * id. Not thread-safe: the loop thread owns it.
 */
public final class ClusterStateRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterStateRegistry.class);

  /** Why a scale-up was given up, as the {@code reason} label of the failed scale-ups metric. */
  public interface FailureListener {
    void failedScaleUp(String group, String reason);
  }

  private record ScaleUpRequest(Instant at, int from, int to) {
  }

  private final NodeGroupProvider provider;
  private final Duration maxNodeProvisionTime;
  private final FailureListener failures;
  private final ExponentialBackoff backoff = new ExponentialBackoff();
  private final Map<String, ScaleUpRequest> scaleUps = new HashMap<>();
  private Instant lastScaleUp = Instant.EPOCH;

  public ClusterStateRegistry(NodeGroupProvider provider, Duration maxNodeProvisionTime, FailureListener failures) {
    this.provider = provider;
    this.maxNodeProvisionTime = maxNodeProvisionTime;
    this.failures = failures;
  }

  /**
   * Checks the outstanding scale-ups against the registered nodes per group and returns the groups
   * with the desired capacities this step took back.
   */
  public List<DiscoveredNodeGroup> update(List<DiscoveredNodeGroup> groups, Set<String> registeredInstances,
      Instant now) {
    Map<String, DiscoveredNodeGroup> byName = new HashMap<>();
    groups.forEach(group -> byName.put(group.name(), group));
    for (Map.Entry<String, ScaleUpRequest> entry : List.copyOf(scaleUps.entrySet())) {
      String group = entry.getKey();
      ScaleUpRequest request = entry.getValue();
      DiscoveredNodeGroup current = byName.get(group);
      int nodes = current == null ? 0
          : (int) current.instanceIds().stream().filter(registeredInstances::contains).count();
      if (current == null || nodes >= request.to()) {
        scaleUps.remove(group);
        if (current != null) {
          backoff.reset(group);
        }
        continue;
      }
      Optional<ScalingActivity> failed = provider.scalingActivities(group, request.at()).stream()
          .filter(ScalingActivity::failed).findFirst();
      if (failed.isPresent()) {
        String reason = CapacityFailures.isCapacityShortage(failed.get()) ? "capacity" : "launch";
        byName.put(group, giveUp(current, request, nodes, List.of(), reason, failed.get().statusMessage(), now));
      } else if (Duration.between(request.at(), now).compareTo(maxNodeProvisionTime) > 0) {
        List<String> unregistered = current.instanceIds().stream()
            .filter(instance -> !registeredInstances.contains(instance)).toList();
        byName.put(group, giveUp(current, request, nodes, unregistered, "timeout",
            "no node registered within --max-node-provision-time " + GoDurations.format(maxNodeProvisionTime), now));
      }
    }
    backoff.removeStale(now);
    return groups.stream().map(group -> byName.get(group.name())).toList();
  }

  /**
   * @param unregistered instances of the group to terminate: they never became nodes in time
   */
  private DiscoveredNodeGroup giveUp(DiscoveredNodeGroup group, ScaleUpRequest request, int registered,
      List<String> unregistered, String reason, String detail, Instant now) {
    ExponentialBackoff.Status status = backoff.backOff(group.name(), detail, now);
    failures.failedScaleUp(group.name(), reason);
    scaleUps.remove(group.name());
    int desired = group.desired();
    for (String instance : unregistered) {
      if (desired <= group.minSize()) {
        break;
      }
      provider.terminateInstance(instance); // and lowers the desired capacity by one
      desired--;
      LOG.warn("terminated instance {} of {}: it did not register as a node", instance, group.name());
    }
    int launched = group.instanceIds().size() - (group.desired() - desired);
    int target = Math.max(Math.max(Math.max(request.from(), registered), group.minSize()), launched);
    LOG.warn("scale-up of {} failed ({}: {}); backed off for {}, desired {} -> {}", group.name(), reason, detail,
        GoDurations.format(status.duration()), group.desired(), Math.min(desired, target));
    if (desired > target) {
      provider.setDesiredCapacity(group.name(), target);
      desired = target;
    }
    return group.withDesired(desired);
  }

  /** Records a scale-up just requested. */
  public void scaleUpRequested(String group, int from, int to, Instant now) {
    scaleUps.put(group, new ScaleUpRequest(now, from, to));
    lastScaleUp = now;
  }

  public boolean isBackedOff(String group, Instant now) {
    return backoff.isBackedOff(group, now);
  }

  public ExponentialBackoff backoff() {
    return backoff;
  }

  /** Groups with a scale-up awaiting its nodes. */
  public Collection<String> scalingUp() {
    return List.copyOf(scaleUps.keySet());
  }

  public Instant lastScaleUp() {
    return lastScaleUp;
  }
}
