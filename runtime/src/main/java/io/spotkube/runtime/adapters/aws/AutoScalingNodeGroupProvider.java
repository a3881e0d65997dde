package io.spotkube.runtime.adapters.aws;

import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.contract.AutoscalerDiscoveryTags;
import io.spotkube.contract.EksManagedNodeGroupTags;
import io.spotkube.contract.NodeTemplateTags;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.ports.ScalingActivity;
import io.spotkube.runtime.ports.StaticNodeGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * {@link NodeGroupProvider} on EC2 Auto Scaling. Groups are discovered by the tags the constructs
 * write ({@link AutoscalerDiscoveryTags}: {@code k8s.io/cluster-autoscaler/enabled} and
 * {@code k8s.io/cluster-autoscaler/<cluster>});
 * instance types come from the MixedInstancesPolicy overrides, else the launch template (EC2
 * DescribeLaunchTemplateVersions), else the launch configuration. Each call is timed and its
 * errors wrapped naming the call.
 */
public final class AutoScalingNodeGroupProvider implements NodeGroupProvider {

  private static final Logger LOG = LoggerFactory.getLogger(AutoScalingNodeGroupProvider.class);

  private final AutoScalingClient autoScaling;
  private final Ec2Client ec2;
  private final String clusterName;
  private final String region;
  private final InstanceTypeCatalog catalog;
  private final AwsCalls calls;
  private final Map<String, StaticNodeGroup> staticGroups;
  private final boolean discoverByTags;
  private final ClusterOwnership ownership;
  private final EksManagedNodeGroups managedGroups;

  public AutoScalingNodeGroupProvider(AutoScalingClient autoScaling, Ec2Client ec2, String clusterName, String region,
      InstanceTypeCatalog catalog) {
    this(autoScaling, ec2, clusterName, region, catalog, CallTimer.NONE);
  }

  public AutoScalingNodeGroupProvider(AutoScalingClient autoScaling, Ec2Client ec2, String clusterName, String region,
      InstanceTypeCatalog catalog, CallTimer timer) {
    this(autoScaling, ec2, clusterName, region, catalog, timer, List.of(), true, null);
  }

  /**
   * @param staticGroups groups named by {@code --nodes}, with the bounds that replace their own
   * @param discoverByTags also find the groups tagged for {@code clusterName}
   * @param ownership when not null, a group is kept only if its tags show it is this cluster's
   *     ({@link ClusterOwnership}): the discovery tags key on the cluster name alone, which another
   *     stack in the account may share
   */
  public AutoScalingNodeGroupProvider(AutoScalingClient autoScaling, Ec2Client ec2, String clusterName, String region,
      InstanceTypeCatalog catalog, CallTimer timer, List<StaticNodeGroup> staticGroups, boolean discoverByTags,
      ClusterOwnership ownership) {
    this(autoScaling, ec2, clusterName, region, catalog, timer, staticGroups, discoverByTags, ownership, null);
  }

  /**
   * @param managedGroups when not null, the template of an EKS managed group's Auto Scaling group
   *     (tagged {@link EksManagedNodeGroupTags}) also carries the labels
   *     and taints EKS gives its nodes, as upstream's AWS provider builds it
   */
  public AutoScalingNodeGroupProvider(AutoScalingClient autoScaling, Ec2Client ec2, String clusterName, String region,
      InstanceTypeCatalog catalog, CallTimer timer, List<StaticNodeGroup> staticGroups, boolean discoverByTags,
      ClusterOwnership ownership, EksManagedNodeGroups managedGroups) {
    this.managedGroups = managedGroups;
    this.ownership = ownership;
    this.staticGroups = new LinkedHashMap<>();
    staticGroups.forEach(group -> this.staticGroups.put(group.name(), group));
    this.discoverByTags = discoverByTags;
    this.calls = new AwsCalls(timer);
    this.autoScaling = autoScaling;
    this.ec2 = ec2;
    this.clusterName = clusterName;
    this.region = region;
    this.catalog = catalog;
  }

  @Override
  public List<DiscoveredNodeGroup> nodeGroups() {
    Map<String, AutoScalingGroup> groups = new LinkedHashMap<>();
    if (discoverByTags) {
      discover().forEach(group -> groups.put(group.autoScalingGroupName(), group));
    }
    if (!staticGroups.isEmpty()) {
      List<String> names = List.copyOf(staticGroups.keySet());
      calls.call("autoscaling.DescribeAutoScalingGroups", () -> "reading the groups of --nodes " + names,
          () -> autoScaling.describeAutoScalingGroupsPaginator(request -> request.autoScalingGroupNames(names))
              .autoScalingGroups().stream().toList())
          .forEach(group -> groups.put(group.autoScalingGroupName(), group));
      for (String name : names) {
        if (!groups.containsKey(name)) {
          LOG.warn("--nodes names Auto Scaling group {}, which does not exist", name);
        }
      }
    }
    List<DiscoveredNodeGroup> discovered = new ArrayList<>();
    for (AutoScalingGroup group : groups.values()) {
      if (ownership != null && !ownership.owns(tags(group))) {
        LOG.debug("skipping node group {}: without {} it is another cluster's", group.autoScalingGroupName(),
            ownership.describe());
        continue;
      }
      try {
        discovered.add(withBounds(toNodeGroup(group)));
      } catch (IllegalArgumentException e) {
        // One misconfigured group must not stop the autoscaler for the others.
        LOG.warn("skipping node group {}: {}", group.autoScalingGroupName(), e.getMessage());
      }
    }
    return discovered;
  }

  /** cluster-autoscaler's {@code --nodes} bounds win over the group's own MinSize and MaxSize. */
  private DiscoveredNodeGroup withBounds(DiscoveredNodeGroup group) {
    StaticNodeGroup bounds = staticGroups.get(group.name());
    if (bounds == null) {
      return group;
    }
    return new DiscoveredNodeGroup(group.name(), bounds.min(), bounds.max(), group.desired(),
        group.instanceTypes(), group.template(), group.pricePerHour(), group.instanceIds(), group.tagLabels());
  }

  private List<AutoScalingGroup> discover() {
    return calls.call("autoscaling.DescribeAutoScalingGroups",
        () -> "discovering the groups of cluster " + clusterName, () -> autoScaling
        .describeAutoScalingGroupsPaginator(request -> request.filters(
            Filter.builder().name("tag-key").values(AutoscalerDiscoveryTags.ENABLED).build(),
            Filter.builder().name("tag-key").values(AutoscalerDiscoveryTags.clusterKey(clusterName)).build()))
        .autoScalingGroups().stream().toList());
  }

  private static Map<String, String> tags(AutoScalingGroup group) {
    Map<String, String> tags = new HashMap<>();
    for (TagDescription tag : group.tags()) {
      tags.put(tag.key(), tag.value() == null ? "" : tag.value());
    }
    return tags;
  }

  private DiscoveredNodeGroup toNodeGroup(AutoScalingGroup group) {
    Map<String, String> tags = tags(group);
    List<String> types = instanceTypes(group);
    NodeTemplates.Template template = NodeTemplates.build(group.autoScalingGroupName(), types, tags,
        group.availabilityZones(), region, catalog, managed(tags));
    List<String> instances = group.instances().stream()
        .filter(instance -> !instance.lifecycleStateAsString().startsWith("Terminat"))
        .map(Instance::instanceId).toList();
    return new DiscoveredNodeGroup(group.autoScalingGroupName(), group.minSize(), group.maxSize(),
        group.desiredCapacity(), types, template.template(), template.pricePerHour(), instances,
        NodeTemplateTags.decode(tags).labels());
  }

  private EksManagedNodeGroups.Description managed(Map<String, String> tags) {
    String nodeGroup = tags.get(EksManagedNodeGroupTags.NODEGROUP_NAME);
    String cluster = tags.get(EksManagedNodeGroupTags.CLUSTER_NAME);
    if (managedGroups == null || nodeGroup == null || nodeGroup.isEmpty() || cluster == null || cluster.isEmpty()) {
      return EksManagedNodeGroups.Description.NOTHING;
    }
    return managedGroups.describe(cluster, nodeGroup).orElse(EksManagedNodeGroups.Description.NOTHING);
  }

  private List<String> instanceTypes(AutoScalingGroup group) {
    if (group.mixedInstancesPolicy() != null && group.mixedInstancesPolicy().launchTemplate() != null) {
      List<String> overrides = group.mixedInstancesPolicy().launchTemplate().overrides().stream()
          .map(LaunchTemplateOverrides::instanceType).filter(type -> type != null).toList();
      if (!overrides.isEmpty()) {
        return overrides;
      }
      return launchTemplateType(group.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification());
    }
    if (group.launchTemplate() != null) {
      return launchTemplateType(group.launchTemplate());
    }
    if (group.launchConfigurationName() != null) {
      return calls.call("autoscaling.DescribeLaunchConfigurations",
          () -> "reading launch configuration " + group.launchConfigurationName(),
          () -> autoScaling.describeLaunchConfigurations(request -> request
          .launchConfigurationNames(group.launchConfigurationName())).launchConfigurations().stream()
          .map(configuration -> configuration.instanceType()).toList());
    }
    return List.of();
  }

  private List<String> launchTemplateType(LaunchTemplateSpecification spec) {
    if (spec == null) {
      return List.of();
    }
    String version = spec.version() == null ? "$Default" : spec.version();
    List<LaunchTemplateVersion> versions = calls.call("ec2.DescribeLaunchTemplateVersions",
        () -> "reading launch template " + (spec.launchTemplateId() != null ? spec.launchTemplateId()
            : spec.launchTemplateName()) + " version " + version, () -> ec2
        .describeLaunchTemplateVersions(request -> {
          if (spec.launchTemplateId() != null) {
            request.launchTemplateId(spec.launchTemplateId());
          } else {
            request.launchTemplateName(spec.launchTemplateName());
          }
          request.versions(version);
        }).launchTemplateVersions());
    return versions.stream().map(v -> v.launchTemplateData().instanceTypeAsString()).filter(type -> type != null)
        .toList();
  }

  @Override
  public void setDesiredCapacity(String group, int desired) {
    calls.call("autoscaling.SetDesiredCapacity", () -> "setting the desired capacity of " + group + " to " + desired,
        () -> autoScaling.setDesiredCapacity(request -> request
        .autoScalingGroupName(group).desiredCapacity(desired).honorCooldown(false)));
  }

  @Override
  public void terminateInstance(String instanceId) {
    calls.call("autoscaling.TerminateInstanceInAutoScalingGroup", () -> "terminating instance " + instanceId,
        () -> autoScaling.terminateInstanceInAutoScalingGroup(
        request -> request.instanceId(instanceId).shouldDecrementDesiredCapacity(true)));
  }

  @Override
  public List<ScalingActivity> scalingActivities(String group, Instant since) {
    List<Activity> activities = calls.call("autoscaling.DescribeScalingActivities",
        () -> "reading the scaling activities of " + group, () -> autoScaling
        .describeScalingActivities(request -> request.autoScalingGroupName(group).maxRecords(20)).activities());
    return activities.stream()
        .filter(activity -> activity.startTime() != null && !activity.startTime().isBefore(since))
        .map(activity -> new ScalingActivity(group, activity.statusCodeAsString(),
            activity.statusMessage() == null ? "" : activity.statusMessage(),
            activity.description() == null ? "" : activity.description(), activity.startTime()))
        .toList();
  }

}
