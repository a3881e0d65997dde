package io.spotkube.runtime.draining.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.draining.DrainPlanner;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.ClusterApi;
import io.spotkube.runtime.ports.EvictionResult;
import io.spotkube.runtime.ports.NodeInfo;
import io.spotkube.runtime.ports.NodeTaint;
import io.spotkube.runtime.ports.PodInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pass logic of one drain with an in-memory cluster (the real API is covered by the handler tests). */
class NodeDrainTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final FakeCluster cluster = new FakeCluster();
  private final DrainingMetrics metrics = new DrainingMetrics(new MetricsRegistry());

  private NodeDrain drain() {
    return new NodeDrain(cluster, new DrainPlanner(null), metrics, "node-a", T0, Duration.ofSeconds(120));
  }

  @Test
  void evictsEachPodOnceAndIsDoneWhenTheyAreGone() {
    cluster.pods.put("ns/a", new PodInfo("ns", "a", "ReplicaSet", false, 10L, false));
    cluster.pods.put("ns/b", new PodInfo("ns", "b", "ReplicaSet", false, 10L, false));
    NodeDrain drain = drain();

    assertThat(drain.step(T0)).isFalse();
    assertThat(drain.step(T0.plusSeconds(1))).isFalse(); // still terminating: not evicted again
    assertThat(cluster.evictions).containsExactly("ns/a", "ns/b");

    cluster.pods.clear();
    assertThat(drain.step(T0.plusSeconds(2))).isTrue();
  }

  @Test
  void retriesPodsABudgetBlockedAndCountsTheAnswers() {
    cluster.pods.put("ns/a", new PodInfo("ns", "a", "ReplicaSet", false, 10L, false));
    cluster.blocked.add("ns/a");
    NodeDrain drain = drain();

    drain.step(T0);
    drain.step(T0.plusSeconds(1));
    cluster.blocked.clear();
    drain.step(T0.plusSeconds(2));
    drain.step(T0.plusSeconds(3));

    assertThat(cluster.evictions).containsExactly("ns/a", "ns/a", "ns/a");
    assertThat(metrics.evictions.value("blocked")).isEqualTo(2);
    assertThat(metrics.evictions.value("evicted")).isEqualTo(1);
    assertThat(drain.remaining()).containsExactly("ns/a");
  }

  @Test
  void anEvictionErrorIsRetriedOnTheNextPass() {
    cluster.pods.put("ns/a", new PodInfo("ns", "a", "ReplicaSet", false, 10L, false));
    cluster.failing = true;
    NodeDrain drain = drain();

    drain.step(T0);
    cluster.failing = false;
    drain.step(T0.plusSeconds(1));

    assertThat(metrics.evictions.value("error")).isEqualTo(1);
    assertThat(metrics.evictions.value("evicted")).isEqualTo(1);
  }

  @Test
  void aNodeWithOnlyDaemonSetPodsIsDrainedAtOnce() {
    cluster.pods.put("ns/d", new PodInfo("ns", "d", "DaemonSet", false, 10L, false));

    assertThat(drain().step(T0)).isTrue();
    assertThat(cluster.evictions).isEmpty();
  }

  private static final class FakeCluster implements ClusterApi {
    final Map<String, PodInfo> pods = new LinkedHashMap<>();
    final Set<String> blocked = new HashSet<>();
    final List<String> evictions = new ArrayList<>();
    boolean failing;

    @Override
    public Optional<NodeInfo> nodeForInstance(String instanceId) {
      return Optional.empty();
    }

    @Override
    public Optional<NodeInfo> nodeNamed(String name) {
      return Optional.empty();
    }

    @Override
    public void cordon(String nodeName, Optional<NodeTaint> taint, Map<String, String> labels) {
    }

    @Override
    public List<PodInfo> podsOnNode(String nodeName) {
      return List.copyOf(pods.values());
    }

    @Override
    public EvictionResult evict(PodInfo pod, long gracePeriodSeconds) {
      evictions.add(pod.key());
      if (failing) {
        throw new IllegalStateException("connection refused");
      }
      return blocked.contains(pod.key()) ? EvictionResult.BLOCKED : EvictionResult.EVICTED;
    }

    @Override
    public void recordNodeEvent(String nodeName, String reason, String message, boolean warning) {
    }
  }
}
