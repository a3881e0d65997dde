package io.spotkube.runtime.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Pod;
import io.spotkube.runtime.model.PodDisruptionBudget;
import io.spotkube.runtime.model.Taint;
import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.EvictionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pass logic of one drain with an in-memory cluster (the real API is covered by the handler and autoscaler tests). */
class NodeDrainTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final FakeCluster cluster = new FakeCluster();
  private final Map<String, Integer> results = new HashMap<>();

  private NodeDrain drain() {
    return new NodeDrain(cluster, cluster, DrainPlanner.beforeNodeLoss(null),
        result -> results.merge(result, 1, Integer::sum), "node-a", T0, Duration.ofSeconds(120));
  }

  @Test
  void evictsEachPodOnceAndIsDoneWhenTheyAreGone() {
    cluster.pods.put("ns/a", TestPods.pod("ns", "a", "ReplicaSet", false, 10L, false));
    cluster.pods.put("ns/b", TestPods.pod("ns", "b", "ReplicaSet", false, 10L, false));
    NodeDrain drain = drain();

    assertThat(drain.step(T0)).isFalse();
    assertThat(drain.step(T0.plusSeconds(1))).isFalse(); // still terminating: not evicted again
    assertThat(cluster.evictions).containsExactly("ns/a", "ns/b");

    cluster.pods.clear();
    assertThat(drain.step(T0.plusSeconds(2))).isTrue();
  }

  @Test
  void retriesPodsABudgetBlockedAndCountsTheAnswers() {
    cluster.pods.put("ns/a", TestPods.pod("ns", "a", "ReplicaSet", false, 10L, false));
    cluster.blocked.add("ns/a");
    NodeDrain drain = drain();

    drain.step(T0);
    drain.step(T0.plusSeconds(1));
    assertThat(drain.refused()).as("never accepted yet").containsExactly("ns/a");
    cluster.blocked.clear();
    drain.step(T0.plusSeconds(2));
    drain.step(T0.plusSeconds(3));

    assertThat(cluster.evictions).containsExactly("ns/a", "ns/a", "ns/a");
    assertThat(results).containsEntry("blocked", 2).containsEntry("evicted", 1);
    assertThat(drain.remaining()).containsExactly("ns/a");
    assertThat(drain.refused()).as("accepted, only slow to go").isEmpty();
  }

  @Test
  void anEvictionErrorIsRetriedOnTheNextPass() {
    cluster.pods.put("ns/a", TestPods.pod("ns", "a", "ReplicaSet", false, 10L, false));
    cluster.failing = true;
    NodeDrain drain = drain();

    drain.step(T0);
    cluster.failing = false;
    drain.step(T0.plusSeconds(1));

    assertThat(results).containsEntry("error", 1).containsEntry("evicted", 1);
  }

  @Test
  void aNodeWithOnlyDaemonSetAndMirrorPodsIsDrainedAtOnce() {
    cluster.pods.put("ns/d", TestPods.pod("ns", "d", "DaemonSet", false, 10L, false));
    cluster.pods.put("kube-system/kube-proxy-node-a", TestPods.pod("kube-system", "kube-proxy-node-a", "Node", true,
        30L, false));

    assertThat(drain().step(T0)).isTrue();
    assertThat(cluster.evictions).isEmpty();
  }

  @Test
  void aPodAlreadyTerminatingIsWaitedForNotEvicted() {
    cluster.pods.put("ns/a", TestPods.pod("ns", "a", "ReplicaSet", false, 10L, false).toBuilder().terminating(true)
        .build());
    NodeDrain drain = drain();

    assertThat(drain.step(T0)).isFalse();
    assertThat(cluster.evictions).isEmpty();
    assertThat(drain.refused()).isEmpty();
  }

  private static final class FakeCluster implements ClusterView, ClusterWriter {
    final Map<String, Pod> pods = new LinkedHashMap<>();
    final Set<String> blocked = new HashSet<>();
    final List<String> evictions = new ArrayList<>();
    boolean failing;

    @Override
    public List<Node> nodes() {
      return List.of();
    }

    @Override
    public Optional<Node> node(String name) {
      return Optional.empty();
    }

    @Override
    public Optional<Node> nodeForInstance(String instanceId) {
      return Optional.empty();
    }

    @Override
    public List<Pod> pods() {
      return List.copyOf(pods.values());
    }

    @Override
    public List<Pod> podsOnNode(String nodeName) {
      return pods.values().stream().filter(pod -> nodeName.equals(pod.nodeName())).toList();
    }

    @Override
    public List<PodDisruptionBudget> podDisruptionBudgets() {
      return List.of();
    }

    @Override
    public void cordon(String nodeName, Optional<Taint> taint, Map<String, String> labels) {
    }

    @Override
    public void label(String nodeName, Map<String, String> labels) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addTaint(String nodeName, Taint taint) {
    }

    @Override
    public void removeTaint(String nodeName, String key) {
    }

    @Override
    public EvictionResult evict(Pod pod, long gracePeriodSeconds) {
      if (failing) {
        throw new IllegalStateException("connection reset");
      }
      evictions.add(pod.key());
      return blocked.contains(pod.key()) ? EvictionResult.BLOCKED : EvictionResult.EVICTED;
    }
  }
}
