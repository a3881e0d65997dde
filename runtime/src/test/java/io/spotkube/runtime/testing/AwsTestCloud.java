package io.spotkube.runtime.testing;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * moto with the lifecycle stand-in in front, and the production SDK clients pointed at it; helpers
 * to make Auto Scaling groups and instances there.
 */
public final class AwsTestCloud implements AutoCloseable {

  private final MotoServer moto;
  private final LifecycleStandIn standIn;
  private final Ec2Client ec2;
  private final AutoScalingClient autoScaling;

  private AwsTestCloud(MotoServer moto, LifecycleStandIn standIn) {
    this.moto = moto;
    this.standIn = standIn;
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    this.ec2 = Ec2Client.builder().endpointOverride(standIn.endpoint()).region(Region.EU_WEST_1)
        .credentialsProvider(credentials).build();
    this.autoScaling = AutoScalingClient.builder().endpointOverride(standIn.endpoint()).region(Region.EU_WEST_1)
        .credentialsProvider(credentials).build();
  }

  public static AwsTestCloud start() {
    MotoServer moto = MotoServer.start();
    return new AwsTestCloud(moto, LifecycleStandIn.inFrontOf(moto));
  }

  public Ec2Client ec2() {
    return ec2;
  }

  public AutoScalingClient autoScaling() {
    return autoScaling;
  }

  public LifecycleStandIn standIn() {
    return standIn;
  }

  /** An Auto Scaling group of {@code size} instances, tagged {@code tagKey} (propagated to instances) when not null. */
  public List<String> autoScalingGroup(String name, int size, String tagKey) {
    return taggedAutoScalingGroup(name, size, tagKey == null ? Map.of() : Map.of(tagKey, ""));
  }

  /** An Auto Scaling group of {@code size} instances, with {@code tags} (propagated to instances). */
  public List<String> taggedAutoScalingGroup(String name, int size, Map<String, String> tags) {
    String imageId = ec2.describeImages(request -> { }).images().get(0).imageId();
    String template = name + "-template";
    ec2.createLaunchTemplate(request -> request.launchTemplateName(template)
        .launchTemplateData(data -> data.imageId(imageId).instanceType(InstanceType.M5_LARGE)));
    autoScaling.createAutoScalingGroup(request -> {
      request.autoScalingGroupName(name).minSize(0).maxSize(size).desiredCapacity(size)
          .availabilityZones("eu-west-1a")
          .launchTemplate(spec -> spec.launchTemplateName(template).version("$Latest"));
      request.tags(tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue())
          .propagateAtLaunch(true).resourceId(name).resourceType("auto-scaling-group").build()).toList());
    });
    return autoScaling.describeAutoScalingGroups(request -> request.autoScalingGroupNames(name))
        .autoScalingGroups().get(0).instances().stream().map(Instance::instanceId).toList();
  }

  @Override
  public void close() {
    ec2.close();
    autoScaling.close();
    standIn.close();
    moto.close();
  }
}
