package io.spotkube.test.bench;

import io.spotkube.contract.KopsLabels;
import io.spotkube.contract.KubernetesClusterTag;
import io.spotkube.contract.TerminationHandlerTags;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * Auto Scaling groups in moto (server mode) tagged as the constructs tag them, so the autoscaler
 * discovers them and reads their node templates; moto launches their instances at once, and each
 * instance becomes a Node named by its private DNS name with its provider ID, as the cloud
 * controller manager would name and link it.
 */
final class MotoGroups implements AutoCloseable {

  private static final List<String> SPOT_TYPES = List.of("m5.large", "m5a.large", "m5d.large", "m5ad.large", "m4.large");
  private final AutoScalingClient autoScaling;
  private final Ec2Client ec2;
  private final String clusterName;

  MotoGroups(URI endpoint, String clusterName) {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
    this.autoScaling = AutoScalingClient.builder().endpointOverride(endpoint).region(Region.of(RuntimeProcess.REGION))
        .credentialsProvider(credentials).build();
    this.ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.of(RuntimeProcess.REGION))
        .credentialsProvider(credentials).build();
    this.clusterName = clusterName;
  }

  /**
   * {@code groups} groups sharing {@code nodes} instances: the first On-Demand ("nodes", a plain
   * launch template), the others Spot (a MixedInstancesPolicy over five 2-vCPU types, as
   * DiversifiedSpotNodeGroup writes). Returns the Nodes to register, one per instance.
   */
  List<BenchObjects.NodeSpec> create(int nodes, int groups) {
    String image = ec2.describeImages(request -> request.owners("amazon")).images().stream().findFirst()
        .map(i -> i.imageId()).orElse("ami-12c6146b");
    ec2.createLaunchTemplate(request -> request.launchTemplateName("bench-nodes").launchTemplateData(data -> data
        .imageId(image).instanceType(InstanceType.M5_LARGE)));
    List<BenchObjects.NodeSpec> specs = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      boolean spot = g > 0;
      String name = spot ? "spot-group-base-2vcpus-8gb-" + g : "nodes";
      int size = nodes / groups + (g < nodes % groups ? 1 : 0);
      List<Tag> tags = tags(name, spot ? "Spot" : "OnDemand");
      autoScaling.createAutoScalingGroup(request -> {
        request.autoScalingGroupName(clusterName + "-" + name).minSize(0).maxSize(size * 2).desiredCapacity(size)
            .availabilityZones(RuntimeProcess.REGION + "a", RuntimeProcess.REGION + "b", RuntimeProcess.REGION + "c")
            .tags(tags);
        if (spot) {
          request.mixedInstancesPolicy(policy -> policy.launchTemplate(template -> template
              .launchTemplateSpecification(spec -> spec.launchTemplateName("bench-nodes").version("$Default"))
              .overrides(SPOT_TYPES.stream().map(type -> software.amazon.awssdk.services.autoscaling.model
                  .LaunchTemplateOverrides.builder().instanceType(type).build()).toList()))
              .instancesDistribution(distribution -> distribution.onDemandBaseCapacity(0)
                  .onDemandPercentageAboveBaseCapacity(0).spotAllocationStrategy("capacity-optimized")));
        } else {
          request.launchTemplate(spec -> spec.launchTemplateName("bench-nodes").version("$Default"));
        }
      });
      AutoScalingGroup group = autoScaling.describeAutoScalingGroups(request -> request
          .autoScalingGroupNames(clusterName + "-" + name)).autoScalingGroups().get(0);
      List<String> ids = group.instances().stream().map(i -> i.instanceId()).toList();
      for (int from = 0; from < ids.size(); from += 200) {
        List<String> page = ids.subList(from, Math.min(from + 200, ids.size()));
        for (var reservation : ec2.describeInstances(request -> request.instanceIds(page)).reservations()) {
          for (Instance instance : reservation.instances()) {
            specs.add(new BenchObjects.NodeSpec(instance.privateDnsName(), instance.privateIpAddress(), instance.instanceId(),
                instance.placement().availabilityZone(), name, "m5.large", spot ? "Spot" : "OnDemand"));
          }
        }
      }
    }
    return specs;
  }

  /** Desired capacity by group name: the benchmark checks the autoscaler left them alone. */
  Map<String, Integer> desiredCapacities() {
    Map<String, Integer> desired = new TreeMap<>();
    autoScaling.describeAutoScalingGroupsPaginator().autoScalingGroups()
        .forEach(group -> desired.put(group.autoScalingGroupName(), group.desiredCapacity()));
    return desired;
  }

  /** The group tags DiversifiedSpotNodeGroup and OnDemandNodeGroup write (constructs' AbstractNodeGroup). */
  private List<Tag> tags(String group, String lifecycle) {
    Map<String, String> groupOnly = new TreeMap<>(Map.of(
        "k8s.io/cluster-autoscaler/enabled", "true",
        "k8s.io/cluster-autoscaler/" + clusterName, "owned",
        "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/instancegroup", group,
        "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/lifecycle", lifecycle,
        "k8s.io/cluster-autoscaler/node-template/resources/cpu", "1930m",
        "k8s.io/cluster-autoscaler/node-template/resources/memory", "7134Mi",
        "k8s.io/cluster-autoscaler/node-template/resources/pods", "110",
        "k8s.io/cluster-autoscaler/node-template/resources/ephemeral-storage", "118Gi"));
    List<Tag> tags = new ArrayList<>();
    groupOnly.forEach((key, value) -> tags.add(Tag.builder().key(key).value(value).propagateAtLaunch(false).build()));
    instanceTags(clusterName, group).forEach((key, value) -> tags.add(Tag.builder().key(key).value(value)
        .propagateAtLaunch(true).build()));
    return tags;
  }

  /** The tags a group of the constructs propagates to its instances (AbstractNodeGroup). */
  static Map<String, String> instanceTags(String clusterName, String group) {
    return new TreeMap<>(Map.of(TerminationHandlerTags.MANAGED, TerminationHandlerTags.MANAGED_VALUE,
        "Name", clusterName + "/" + group, KubernetesClusterTag.key(clusterName), KubernetesClusterTag.OWNED,
        KopsLabels.INSTANCE_GROUP, group));
  }

  @Override
  public void close() {
    autoScaling.close();
    ec2.close();
  }
}
