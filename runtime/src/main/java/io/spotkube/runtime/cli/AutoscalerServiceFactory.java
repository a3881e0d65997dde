package io.spotkube.runtime.cli;

import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.runtime.adapters.aws.AutoScalingNodeGroupProvider;
import io.spotkube.runtime.adapters.aws.EksManagedNodeGroups;
import io.spotkube.runtime.adapters.aws.AwsClients;
import io.spotkube.runtime.adapters.aws.Ec2InstanceLookup;
import io.spotkube.runtime.identity.IdentityMetrics;
import io.spotkube.runtime.identity.NodeIdentity;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.adapters.kubernetes.Fabric8ConfigMaps;
import io.spotkube.runtime.adapters.kubernetes.Fabric8EventRecorder;
import io.spotkube.runtime.adapters.kubernetes.LeaseLeaderElection;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.ImminentNodeLoss;
import io.spotkube.runtime.scaling.controller.AutoscalerService;
import io.spotkube.runtime.scaling.controller.AutoscalerSettings;
import io.spotkube.runtime.scaling.controller.RegistryScalingMetrics;
import io.spotkube.runtime.scaling.controller.ScalingMetrics;
import io.spotkube.runtime.ports.AutoscalerConfigMaps;
import io.spotkube.runtime.ports.ClusterView;
import io.spotkube.runtime.ports.ClusterWriter;
import io.spotkube.runtime.ports.EventRecorder;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.service.DaemonThreads;
import io.spotkube.runtime.service.RuntimeService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Wires the autoscaler: Auto Scaling and EC2 through the shared AWS client factory, the shared cluster cache and
 * writer, its Events and ConfigMaps, and leader election on a Lease (one active replica, as
 * upstream) that starts and stops the loop.
 */
final class AutoscalerServiceFactory {

  /** Threads for scale-down drain passes: each pass is short, the drain waits between passes. */
  static final int DRAIN_THREADS = 2;

  private AutoscalerServiceFactory() {
  }

  /**
   * The autoscaler as a {@code run} service. {@code imminentLoss} is filled in at start, so the
   * draining service (created earlier) can report nodes about to be interrupted to it. Its metrics
   * are registered in {@code registry} at once, so {@code /metrics} lists them from the start.
   */
  static RuntimeService create(AutoscalerSettings settings, AwsClients aws,
      AtomicReference<ImminentNodeLoss> imminentLoss, MetricsRegistry registry, SharedCluster shared,
      ClusterOwnership ownership) {
    ScalingMetrics metrics = new RegistryScalingMetrics(registry);
    return new RuntimeService() {
      private AutoScalingClient autoScaling;
      private Ec2Client ec2;
      private EksClient eks;
      private ScheduledExecutorService loopThread;
      private ScheduledThreadPoolExecutor drainThreads;
      private AutoscalerService service;
      private LeaseLeaderElection election;

      @Override
      public String name() {
        return "autoscaler";
      }

      @Override
      public void start() {
        autoScaling = aws.autoScaling();
        ec2 = aws.ec2();
        eks = aws.eks();
        loopThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("autoscaler-loop"));
        drainThreads = new ScheduledThreadPoolExecutor(DRAIN_THREADS, DaemonThreads.named("autoscaler-drain"));
        drainThreads.setRemoveOnCancelPolicy(true);
        Clock clock = Clock.systemUTC();
        ClusterView view = shared.cache();
        ClusterWriter writer = shared.writer();
        EventRecorder events = new Fabric8EventRecorder(shared.client(), "cluster-autoscaler", "default", clock);
        AutoscalerConfigMaps configMaps = new Fabric8ConfigMaps(shared.client(), settings.namespace(),
            settings.priorityConfigMap(), settings.statusConfigMap());
        NodeGroupProvider groups = new AutoScalingNodeGroupProvider(autoScaling, ec2, settings.clusterName(),
            settings.region(), InstanceTypeCatalog.bundled(), CallTimer.in(registry), settings.staticGroups(),
            settings.discoverByTags(), ownership, new EksManagedNodeGroups(eks, CallTimer.in(registry), clock));
        if (settings.dryRun()) {
          DryRun dryRun = new DryRun();
          view = dryRun.view(view);
          writer = dryRun.writer(writer);
          events = DryRun.events(events);
          configMaps = DryRun.configMaps(configMaps);
          groups = DryRun.nodeGroups(groups);
        }
        IdentityMetrics identityMetrics = new IdentityMetrics(registry);
        NodeIdentity identity = new NodeIdentity(new Ec2InstanceLookup(ec2, CallTimer.in(registry)), ownership, events,
            identityMetrics, clock);
        service = new AutoscalerService(settings, view, writer, events, configMaps, groups,
            identity, identityMetrics, metrics, clock, loopThread, drainThreads);
        imminentLoss.set(service.imminentNodeLoss());
        if (settings.leaderElect() && !settings.dryRun()) {
          election = LeaseLeaderElection.start(shared.client(), settings.namespace(), settings.leaseName(), identity(),
              service::startLeading, service::stopLeading);
        } else {
          // No Lease: --leader-elect=false (upstream's: act at once), or a dry run, which must not take the
          // Lease from the autoscaler that really acts.
          service.startLeading();
        }
      }

      @Override
      public boolean ready() {
        return service != null;
      }

      @Override
      public boolean live() {
        return service == null || service.live();
      }

      @Override
      public void close() {
        if (election != null) {
          election.close();
        }
        if (service != null) {
          service.close();
        }
        if (loopThread != null) {
          loopThread.shutdownNow();
          drainThreads.shutdownNow();
        }
        if (autoScaling != null) {
          autoScaling.close();
        }
        if (ec2 != null) {
          ec2.close();
        }
        if (eks != null) {
          eks.close();
        }
      }
    };
  }


  /** The leader-election identity: the pod name (Downward API), else the host name. */
  private static String identity() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "spotkube-runtime";
    }
  }
}
