package io.spotkube.runtime.scaling.controller;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.contract.AutoscalerDiscoveryTags;
import io.spotkube.contract.KubernetesClusterTag;
import io.spotkube.runtime.adapters.aws.Ec2InstanceLookup;
import io.spotkube.runtime.identity.IdentityMetrics;
import io.spotkube.runtime.identity.NodeIdentity;
import io.spotkube.runtime.identity.NodeLabeller;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.adapters.aws.AutoScalingNodeGroupProvider;
import io.spotkube.runtime.adapters.aws.EksManagedNodeGroups;
import io.spotkube.runtime.adapters.kubernetes.ClusterCache;
import io.spotkube.runtime.adapters.kubernetes.Fabric8ClusterWriter;
import io.spotkube.runtime.adapters.kubernetes.Fabric8ConfigMaps;
import io.spotkube.runtime.adapters.kubernetes.Fabric8EventRecorder;
import io.spotkube.runtime.adapters.kubernetes.LeaseLeaderElection;
import io.spotkube.runtime.drain.Drainer;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.EventRecorder;
import io.spotkube.runtime.scaling.controller.scaledown.actuation.ScaleDownActuator;
import io.spotkube.runtime.scaling.controller.scaledown.unneeded.UnneededNodes;
import io.spotkube.runtime.testing.EvictingCrudDispatcher;
import io.spotkube.runtime.testing.KubernetesTestServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * The outside world of the autoscaler in tests: Auto Scaling and EC2 in moto (behind the
 * scaling-activities stand-in) and a Kubernetes API from the fabric8 mock server in CRUD mode.
 */
final class ScalingWorld implements AutoCloseable {

  static final String CLUSTER = "spot-kops-cluster.k8s.local";
  static final String REGION = "us-east-1";
  static final String ZONE = "us-east-1a";

  final AutoScalingClient autoScaling;
  final Ec2Client ec2;
  final EksClient eks;
  private final KubernetesTestServer kubernetesServer;
  final KubernetesClient kubernetes;
  final EvictingCrudDispatcher dispatcher;
  private final List<String> launchTemplates = new ArrayList<>();
  /** What {@link #loop} started, closed with the world (last started, first closed). */
  private final List<AutoCloseable> started = new ArrayList<>();
  private ClusterCache clusterCache;
  /** The identity check's metrics of every loop and replica of this world. */
  final IdentityMetrics identityMetrics = new IdentityMetrics(new MetricsRegistry());

  ScalingWorld(URI awsEndpoint) {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing",
        "testing"));
    autoScaling = AutoScalingClient.builder().endpointOverride(awsEndpoint).region(Region.of(REGION))
        .credentialsProvider(credentials).build();
    ec2 = Ec2Client.builder().endpointOverride(awsEndpoint).region(Region.of(REGION)).credentialsProvider(credentials)
        .build();
    eks = EksClient.builder().endpointOverride(awsEndpoint).region(Region.of(REGION)).credentialsProvider(credentials)
        .build();
    kubernetesServer = KubernetesTestServer.start();
    kubernetes = kubernetesServer.client();
    dispatcher = kubernetesServer.dispatcher();
  }

  AutoScalingNodeGroupProvider provider() {
    return provider(OWNERSHIP);
  }

  AutoScalingNodeGroupProvider provider(ClusterOwnership ownership) {
    return new AutoScalingNodeGroupProvider(autoScaling, ec2, CLUSTER, REGION, InstanceTypeCatalog.bundled(),
        CallTimer.NONE, List.of(), true, ownership, new EksManagedNodeGroups(eks, CallTimer.NONE, Clock.systemUTC()));
  }

  /** This world's cluster: the ownership tag {@link #createGroup} writes. */
  static final ClusterOwnership OWNERSHIP = new ClusterOwnership(CLUSTER, null);

  /** The node identity check against this world's EC2 (moto), as {@code run} wires it. */
  NodeIdentity identity(EventRecorder events, IdentityMetrics metrics) {
    return identity(OWNERSHIP, events, metrics);
  }

  NodeIdentity identity(ClusterOwnership ownership, EventRecorder events, IdentityMetrics metrics) {
    return new NodeIdentity(new Ec2InstanceLookup(ec2), ownership, events, metrics, Clock.systemUTC());
  }

  /** The autoscaler's loop over this world (informers started), configured by {@code --cluster-name} and {@code flags}. */
  AutoscalerLoop loop(ScalingMetrics metrics, String... flags) {
    return loop(metrics, new InterruptedNodes(), flags);
  }

  AutoscalerLoop loop(ScalingMetrics metrics, InterruptedNodes interrupted, String... flags) {
    return loop(OWNERSHIP, metrics, interrupted, flags);
  }

  /** The loop of a runtime that knows its cluster as {@code ownership} (a cluster id, for example). */
  AutoscalerLoop loop(ClusterOwnership ownership, ScalingMetrics metrics, InterruptedNodes interrupted,
      String... flags) {
    List<String> args = new ArrayList<>(List.of("--cluster-name", CLUSTER));
    args.addAll(List.of(flags));
    AutoscalerSettings settings = AutoscalerSettings.fromArgs(args);
    ClusterCache cache = cache();
    Fabric8ClusterWriter writer = new Fabric8ClusterWriter(kubernetes, CallTimer.NONE);
    ScheduledThreadPoolExecutor drainThreads = new ScheduledThreadPoolExecutor(1);
    started.add(drainThreads::shutdownNow);
    Drainer drainer = new Drainer(cache, writer, drainThreads, Clock.systemUTC(), Duration.ofSeconds(2), () -> false,
        result -> { });
    EventRecorder events = new Fabric8EventRecorder(kubernetes, "cluster-autoscaler", "default", Clock.systemUTC());
    NodeIdentity identity = identity(ownership, events, identityMetrics);
    return new AutoscalerLoop(settings, provider(ownership), cache, configMaps(settings), events, interrupted, metrics,
        new UnneededNodes(writer), new ScaleDownActuator(writer, events,
            new OwnedInstancesOnlyNodeGroupProvider(provider(ownership), identity), drainer,
            settings.maxPodEvictionTime(), settings.maxGracefulTermination(), metrics::scaledDown),
        identity, new NodeLabeller(writer, identityMetrics));
  }

  private Fabric8ConfigMaps configMaps(AutoscalerSettings settings) {
    return new Fabric8ConfigMaps(kubernetes, settings.namespace(), settings.priorityConfigMap(),
        settings.statusConfigMap());
  }

  /** The world's one cluster cache (started on first use), as the runtime has one. */
  ClusterCache cache() {
    if (clusterCache == null) {
      clusterCache = ClusterCache.start(kubernetes, 10);
      started.add(clusterCache);
    }
    return clusterCache;
  }

  /**
   * A replica of the autoscaler wired as {@code run} wires it: the service on the world's cache,
   * started and stopped by leader election on the Lease as {@code identity}.
   */
  Replica replica(AutoscalerSettings settings, ScalingMetrics metrics, String identity) {
    return new Replica(settings, metrics, identity, kubernetes, cache());
  }

  /**
   * A replica with its own Kubernetes client to {@code apiServer} (e.g. through a proxy a test can
   * cut) and its own cache, as a separate pod has.
   */
  Replica replica(AutoscalerSettings settings, ScalingMetrics metrics, String identity, java.net.URI apiServer) {
    KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
        new io.fabric8.kubernetes.client.ConfigBuilder(kubernetes.getConfiguration()).withMasterUrl(apiServer.toString())
            .build()).build();
    started.add(client::close);
    ClusterCache cache = ClusterCache.start(client, 10);
    started.add(cache);
    return new Replica(settings, metrics, identity, client, cache);
  }

  /** The Kubernetes API's address. */
  java.net.URI apiServer() {
    return java.net.URI.create(kubernetes.getConfiguration().getMasterUrl());
  }

  final class Replica implements AutoCloseable {
    final AutoscalerService service;
    private final String identity;
    private final AutoscalerSettings settings;
    private final ScheduledExecutorService loopThread = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledThreadPoolExecutor drainThreads = new ScheduledThreadPoolExecutor(1);
    private LeaseLeaderElection election;

    private final KubernetesClient client;

    private Replica(AutoscalerSettings settings, ScalingMetrics metrics, String identity, KubernetesClient client,
        ClusterCache cache) {
      this.settings = settings;
      this.identity = identity;
      this.client = client;
      Fabric8ClusterWriter writer = new Fabric8ClusterWriter(client, CallTimer.NONE);
      EventRecorder events = new Fabric8EventRecorder(client, "cluster-autoscaler", "default", Clock.systemUTC());
      service = new AutoscalerService(settings, cache, writer, events,
          new Fabric8ConfigMaps(client, settings.namespace(), settings.priorityConfigMap(), settings.statusConfigMap()),
          provider(), identity(events, identityMetrics), identityMetrics, metrics, Clock.systemUTC(), loopThread,
          drainThreads);
    }

    void start() {
      election = LeaseLeaderElection.start(client, settings.namespace(), settings.leaseName(), identity,
          service::startLeading, service::stopLeading);
    }

    boolean live() {
      return service.live();
    }

    boolean isLeading() {
      return service.isLeading();
    }

    java.time.Instant lastLoopEnd() {
      return service.lastLoopEnd();
    }

    @Override
    public void close() {
      if (election != null) {
        election.close();
      }
      service.close();
      loopThread.shutdownNow();
      drainThreads.shutdownNow();
    }
  }

  /** What the cluster cache sees now, as one loop reads it. */
  ClusterState seen() {
    return ClusterState.read(cache());
  }

  /** An ASG tagged for discovery, with a MixedInstancesPolicy over {@code types} (moto launches the first). */
  void createGroup(String name, int min, int max, int desired, String... types) {
    createGroup(name, min, max, desired, Map.of(), types);
  }

  /** As above, with {@code extraTags} on the group too (propagated to its instances). */
  void createGroup(String name, int min, int max, int desired, Map<String, String> extraTags, String... types) {
    String template = "lt-" + name;
    ec2.createLaunchTemplate(request -> request.launchTemplateName(template)
        .launchTemplateData(data -> data.imageId("ami-12c6146b").instanceType(types[0])));
    launchTemplates.add(template);
    List<Tag> tags = new ArrayList<>(List.of(tag(name, AutoscalerDiscoveryTags.ENABLED, "true"),
        tag(name, AutoscalerDiscoveryTags.clusterKey(CLUSTER), "owned"),
        tag(name, KubernetesClusterTag.key(CLUSTER), KubernetesClusterTag.OWNED)));
    extraTags.forEach((key, value) -> tags.add(tag(name, key, value)));
    List<LaunchTemplateOverrides> overrides = new ArrayList<>();
    for (String type : types) {
      overrides.add(LaunchTemplateOverrides.builder().instanceType(type).build());
    }
    autoScaling.createAutoScalingGroup(request -> request.autoScalingGroupName(name).minSize(min).maxSize(max)
        .desiredCapacity(desired).availabilityZones(ZONE)
        .mixedInstancesPolicy(policy -> policy
            .launchTemplate(lt -> lt.launchTemplateSpecification(spec -> spec.launchTemplateName(template)
                .version("$Latest")).overrides(overrides))
            .instancesDistribution(distribution -> distribution.onDemandBaseCapacity(0)
                .onDemandPercentageAboveBaseCapacity(0).spotAllocationStrategy("capacity-optimized")))
        .tags(tags));
  }

  private static Tag tag(String group, String key, String value) {
    return Tag.builder().resourceId(group).resourceType("auto-scaling-group").key(key).value(value)
        .propagateAtLaunch(true).build();
  }

  AutoScalingGroup group(String name) {
    return autoScaling.describeAutoScalingGroups(request -> request.autoScalingGroupNames(name)).autoScalingGroups()
        .get(0);
  }

  int desired(String name) {
    return group(name).desiredCapacity();
  }

  List<String> instances(String name) {
    return group(name).instances().stream().map(Instance::instanceId).toList();
  }

  /**
   * A Ready node backed by the instance, 2 cpu / 8Gi / 110 pods, registered as the bootstrap
   * registers it: named by the instance's private DNS name, its InternalIP the private IP (from EC2).
   * Returns the node's name.
   */
  String createNode(String instanceId) {
    software.amazon.awssdk.services.ec2.model.Instance instance = ec2.describeInstances(request -> request
        .instanceIds(instanceId)).reservations().get(0).instances().get(0);
    createNode(instance.privateDnsName(), instanceId, instance.privateIpAddress());
    return instance.privateDnsName();
  }

  /** The name the instance's node has: its private DNS name. */
  String nodeName(String instanceId) {
    return ec2.describeInstances(request -> request.instanceIds(instanceId)).reservations().get(0).instances().get(0)
        .privateDnsName();
  }

  /** A Ready node of that name claiming the instance, with that InternalIP (null: none reported). */
  void createNode(String name, String instanceId, String internalIp) {
    NodeBuilder node = new NodeBuilder()
        .withNewMetadata().withName(name).withLabels(Map.of("kubernetes.io/hostname", name,
            "topology.kubernetes.io/zone", ZONE)).endMetadata()
        .withNewSpec().withProviderID("aws:///" + ZONE + "/" + instanceId).endSpec()
        .withNewStatus().withAllocatable(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"),
            "pods", new Quantity("110")))
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus();
    if (internalIp != null) {
      node.editStatus().addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress().endStatus();
    }
    kubernetes.nodes().resource(node.build()).create();
  }

  /** A ReplicaSet pod; pending (and marked Unschedulable by the scheduler) when {@code node} is null. */
  void createPod(String name, String node, String cpu) {
    PodBuilder pod = new PodBuilder()
        .withNewMetadata().withNamespace("default").withName(name).withLabels(Map.of("app", "nginx"))
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("nginx-app")
        .withUid("uid-nginx").withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(node).addNewContainer().withName("nginx").withImage("nginx")
        .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("256Mi")))
        .endResources().endContainer().endSpec();
    if (node == null) {
      pod.withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
          .withReason("Unschedulable").withMessage("0/1 nodes are available: 1 Insufficient cpu.").endCondition()
          .endStatus();
    } else {
      pod.withNewStatus().withPhase("Running").endStatus();
    }
    kubernetes.pods().resource(pod.build()).create();
  }

  @Override
  public void close() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    kubernetesServer.close();
    autoScaling.close();
    ec2.close();
    eks.close();
  }
}
