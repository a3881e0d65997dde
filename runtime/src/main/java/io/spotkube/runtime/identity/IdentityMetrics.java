package io.spotkube.runtime.identity;

import io.spotkube.runtime.observability.Counter;
import io.spotkube.runtime.observability.MetricsRegistry;

/** The node identity check's metrics (registered once per registry; both controllers share them). */
public final class IdentityMetrics {

  final Counter verdicts;
  final Counter lookups;
  final Counter refusedActions;
  final Counter labelled;

  public IdentityMetrics(MetricsRegistry registry) {
    verdicts = registry.counter("spotkube_node_identity_verdicts_total",
        "Node identity verdicts reached (each node once; refused ones again after the recheck interval), "
            + "by result: verified or refused.", "result");
    lookups = registry.counter("spotkube_node_identity_lookups_total",
        "EC2 DescribeInstances batches asked for node identity and ownership checks, by result.", "result");
    refusedActions = registry.counter("spotkube_node_identity_refused_actions_total",
        "Actions not taken because the node or instance failed the identity or ownership check, by action.",
        "action");
    labelled = registry.counter("spotkube_node_labels_applied_total",
        "Nodes labelled from their group's node-template label tags.");
  }

  /** Refused verdicts so far. */
  public long refused() {
    return verdicts.value("refused");
  }

  /** Actions refused so far, of one kind (count, label, terminate, drain). */
  public long refusedActions(String action) {
    return refusedActions.value(action);
  }

  public long lookups() {
    return lookups.value("ok") + lookups.value("error");
  }
}
