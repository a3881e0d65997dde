package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InterruptedNodesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aReportedNodeStaysUntilAWhileAfterItsExpectedLoss() {
    InterruptedNodes nodes = new InterruptedNodes();
    nodes.nodeWillBeLost("ip-10-0-1-10", T0.plus(Duration.ofMinutes(2)));

    assertThat(nodes.current(T0)).containsExactly("ip-10-0-1-10");
    assertThat(nodes.current(T0.plus(Duration.ofMinutes(7)))).containsExactly("ip-10-0-1-10");
    assertThat(nodes.current(T0.plus(Duration.ofMinutes(7)).plusSeconds(1))).isEmpty();
  }

  @Test
  void theEarliestReportOfANodeWins() {
    InterruptedNodes nodes = new InterruptedNodes();
    nodes.nodeWillBeLost("n", T0.plus(Duration.ofMinutes(2)));
    nodes.nodeWillBeLost("n", T0.plus(Duration.ofHours(1)));

    assertThat(nodes.current(T0.plus(Duration.ofMinutes(8)))).isEmpty();
  }
}
