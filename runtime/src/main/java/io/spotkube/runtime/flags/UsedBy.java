package io.spotkube.runtime.flags;

import java.util.Locale;

/** Which part of {@code run} reads a flag: the table's "used by" column. */
public enum UsedBy {
  /** {@code run} itself (metrics server, dry run, help). */
  RUN,
  /** The cluster-autoscaler-like controller. */
  AUTOSCALER,
  /** The interruption handler (aws-node-termination-handler's queue mode). */
  DRAINING,
  /** The node credential server (kops-controller's node bootstrap). */
  NODE_CREDENTIALS;

  /** The name in the docs table. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
