package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.Scraped;
import io.spotkube.runtime.testing.TcpProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults against the servers the suite runs (moto behind the stand-in, the Kubernetes mock behind
 * a proxy a test can cut): a leader that dies mid scale-up, the API server away from the leader for
 * longer than the lease, AWS throttling every call for a minute. Each: no crash loop, never two
 * leaders acting, no second scale-up for the same pods, no instance terminated that should not be;
 * the time to recover is printed.
 */
class AutoscalerFaultsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @RegisterExtension
  static final ScalingServers SERVERS = new ScalingServers();

  private final MetricsRegistry registry = new MetricsRegistry();
  private final ScalingMetrics metrics = new RegistryScalingMetrics(registry);
  private ScalingWorld world;

  @BeforeEach
  void world() {
    world = SERVERS.world();
  }

  private static AutoscalerSettings settings() {
    return AutoscalerSettings.fromArgs(List.of("--cluster-name", ScalingWorld.CLUSTER, "--scan-interval=1s"));
  }

  @Test
  void aLeaderThatDiesMidScaleUpIsReplacedWithoutASecondScaleUp() {
    world.createGroup("spot-a", 0, 5, 0, "m5.large");
    world.createPod("web-1", null, "1");
    TcpProxy toA = TcpProxy.to(world.apiServer());
    try (ScalingWorld.Replica a = world.replica(settings(), metrics, "replica-a", toA.endpoint(world.apiServer()));
         ScalingWorld.Replica b = world.replica(settings(), metrics, "replica-b", world.apiServer())) {
      a.start();
      Await.until(DEADLINE, "replica-a to scale up", () -> world.desired("spot-a") == 1);
      b.start();
      List<String> launched = world.instances("spot-a");

      // replica-a dies: no lease release, no more writes (its connection is gone, then it stops).
      toA.cut();
      a.close();
      Instant died = Instant.now();
      Await.until(DEADLINE, "replica-b to take over", b::isLeading);
      Duration takeover = Duration.between(died, Instant.now());
      Await.until(DEADLINE, "replica-b to complete loops", () -> b.lastLoopEnd() != null);
      sleep(Duration.ofSeconds(3));

      System.out.printf("leader died mid scale-up: replica-b led %d ms later%n", takeover.toMillis());
      assertThat(world.desired("spot-a")).as("the node on its way counts: no second scale-up").isEqualTo(1);
      assertThat(world.instances("spot-a")).as("nothing terminated").isEqualTo(launched);
    } finally {
      toA.close();
    }
  }

  @Test
  void theApiServerAwayFromTheLeaderLongerThanTheLeaseNeverLeavesTwoLeadersActing() {
    TcpProxy toA = TcpProxy.to(world.apiServer());
    AtomicBoolean bothLed = new AtomicBoolean();
    try (ScalingWorld.Replica a = world.replica(settings(), metrics, "replica-a", toA.endpoint(world.apiServer()));
         ScalingWorld.Replica b = world.replica(settings(), metrics, "replica-b", world.apiServer())) {
      a.start();
      Await.until(DEADLINE, "replica-a to lead", a::isLeading);
      b.start();
      Thread watcher = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          if (a.isLeading() && b.isLeading()) {
            bothLed.set(true);
          }
          sleep(Duration.ofMillis(50));
        }
      });
      watcher.start();

      toA.cut();
      Instant cut = Instant.now();
      Await.until(DEADLINE, "replica-a to step down", () -> !a.isLeading());
      Duration stepDown = Duration.between(cut, Instant.now());
      Await.until(DEADLINE, "replica-b to lead", b::isLeading);
      Duration takeover = Duration.between(cut, Instant.now());
      sleep(Duration.ofSeconds(30).minus(takeover)); // away for 30 s in all, twice the lease
      toA.restore();
      sleep(Duration.ofSeconds(10)); // replica-a contends again, against replica-b's held lease
      watcher.interrupt();

      System.out.printf("API server away from the leader 30 s: it stepped down after %d ms, the other led after %d ms%n",
          stepDown.toMillis(), takeover.toMillis());
      assertThat(bothLed).as("never two leaders at once").isFalse();
      assertThat(b.isLeading()).isTrue();
      assertThat(a.isLeading()).isFalse();
      assertThat(a.live()).as("a replica that does not lead is not restarted").isTrue();
    } finally {
      toA.close();
    }
  }

  @Test
  void aMinuteOfThrottlingDelaysTheScaleUpButNeitherDuplicatesItNorKillsTheLoop() {
    world.createGroup("spot-a", 0, 5, 0, "m5.large");
    world.createPod("web-1", null, "1");
    try (ScalingWorld.Replica replica = world.replica(settings(), metrics, "replica-a")) {
      SERVERS.standIn().throttle(true);
      replica.start();
      Await.until(DEADLINE, "replica-a to lead", replica::isLeading);
      sleep(Duration.ofMinutes(1));
      double failedLoops = Scraped.value(registry, "cluster_autoscaler_errors_total");
      boolean liveWhileThrottled = replica.live();
      Instant back = Instant.now();
      SERVERS.standIn().throttle(false);

      Await.until(DEADLINE, "the scale-up once AWS answers again", () -> world.desired("spot-a") == 1);
      Duration recovery = Duration.between(back, Instant.now());
      sleep(Duration.ofSeconds(3));

      System.out.printf("a minute of throttling: %d calls throttled, %.0f loops failed; scaled up %d ms after%n",
          SERVERS.standIn().throttled(), failedLoops, recovery.toMillis());
      assertThat(failedLoops).as("the loop kept running through the throttling").isGreaterThan(5);
      assertThat(liveWhileThrottled).as("a minute of failures is within --max-failing-time").isTrue();
      assertThat(world.desired("spot-a")).as("one scale-up, not one per failed loop").isEqualTo(1);
      assertThat(replica.isLeading()).isTrue();
    } finally {
      SERVERS.standIn().throttle(false);
    }
  }

  private static void sleep(Duration duration) {
    if (duration.isNegative()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
