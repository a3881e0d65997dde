package io.spotkube.contract;

import java.util.List;

/**
 * The runtime's command ({@code run}) and the flags the constructs write into its Deployment's
 * arguments, named as cluster-autoscaler and aws-node-termination-handler name them. The runtime
 * accepts more (docs/scaling.md, docs/draining.md); these are the ones a synthesized cluster relies on.
 */
public final class RuntimeFlags {

  public static final String RUN = "run";

  public static final String CLUSTER_NAME = "--cluster-name";
  /** Takes the value of the {@link ClusterIdTag} the constructs write (the stack id). */
  public static final String CLUSTER_ID = "--cluster-id";
  public static final String REGION = "--region";
  public static final String QUEUE_URL = "--queue-url";
  /** Takes {@link AutoscalerDiscoveryTags#autoDiscovery}. */
  public static final String NODE_GROUP_AUTO_DISCOVERY = "--node-group-auto-discovery";
  public static final String EXPANDER = "--expander";
  public static final String BALANCE_SIMILAR_NODE_GROUPS = "--balance-similar-node-groups";
  public static final String SCALE_DOWN_ENABLED = "--scale-down-enabled";
  /** Takes a {@link GoDurations} value, as do the other times. */
  public static final String SCALE_DOWN_UNNEEDED_TIME = "--scale-down-unneeded-time";
  public static final String SCALE_DOWN_DELAY_AFTER_ADD = "--scale-down-delay-after-add";
  public static final String SCAN_INTERVAL = "--scan-interval";
  public static final String MAX_NODE_PROVISION_TIME = "--max-node-provision-time";
  public static final String SKIP_NODES_WITH_LOCAL_STORAGE = "--skip-nodes-with-local-storage";
  public static final String SKIP_NODES_WITH_SYSTEM_PODS = "--skip-nodes-with-system-pods";
  /** Takes a tag key, by default {@link TerminationHandlerTags#MANAGED}. */
  public static final String MANAGED_TAG = "--managed-tag";
  public static final String NAMESPACE = "--namespace";
  public static final String LEADER_ELECT_RESOURCE_NAME = "--leader-elect-resource-name";
  public static final String STATUS_CONFIG_MAP_NAME = "--status-config-map-name";
  public static final String METRICS_PORT = "--metrics-port";
  /**
   * {@code host:port} of the node credential server (kops-controller's port is 3988); written only when
   * the constructs turn node credentials on, so not one of {@link #ALL}.
   */
  public static final String NODE_CREDENTIAL_ADDRESS = "--node-credential-address";
  /** Comma-separated IAM role names of the cluster's node roles; with {@link #NODE_CREDENTIAL_ADDRESS}. */
  public static final String NODE_CREDENTIAL_ROLE_NAMES = "--node-credential-role-names";

  /** Every flag above, in the order the constructs write them. */
  public static final List<String> ALL = List.of(CLUSTER_NAME, REGION, QUEUE_URL, NODE_GROUP_AUTO_DISCOVERY, EXPANDER,
      BALANCE_SIMILAR_NODE_GROUPS, SCALE_DOWN_ENABLED, SCALE_DOWN_UNNEEDED_TIME, SCALE_DOWN_DELAY_AFTER_ADD,
      SCAN_INTERVAL, MAX_NODE_PROVISION_TIME, SKIP_NODES_WITH_LOCAL_STORAGE, SKIP_NODES_WITH_SYSTEM_PODS, MANAGED_TAG,
      NAMESPACE, LEADER_ELECT_RESOURCE_NAME, STATUS_CONFIG_MAP_NAME, METRICS_PORT, CLUSTER_ID);

  private RuntimeFlags() {
  }

  /** One argument, {@code --flag=value}: the form that needs no knowledge of which flags are boolean. */
  public static String arg(String flag, Object value) {
    return flag + "=" + value;
  }
}
