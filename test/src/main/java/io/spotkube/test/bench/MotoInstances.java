package io.spotkube.test.bench;

import io.spotkube.contract.ClusterIdTag;
import io.spotkube.contract.KopsLabels;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The draining benchmark's instances, launched in moto (server mode) with RunInstances and tagged
 * as a Spot group of the constructs tags its instances, so that a handler asking EC2 about the
 * instances a message names (docs/runtime.md "Node identity") finds them ours; each becomes a Node
 * named and addressed as EC2 names and addresses it.
 */
final class MotoInstances {

  /** One RunInstances call launches at most this many (AWS's own limit is per account; this keeps calls small). */
  static final int BATCH = 100;
  /** The stack id the constructs would tag ({@code spotkube.io/cluster-id}); the handler is not given one to check. */
  static final String BENCH_STACK_ID = "arn:aws:cloudformation:eu-west-1:123456789012:stack/bench/00000000";

  private MotoInstances() {
  }

  /**
   * {@code count} m5.large instances spread over the region's three zones, node n in zone
   * "abc"[n % 3] (as the benchmark has always spread them), in group "spot-group-ZONE".
   */
  static List<BenchObjects.NodeSpec> launch(URI moto, String clusterName, int count) {
    List<List<BenchObjects.NodeSpec>> byZone = new ArrayList<>();
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto).region(Region.of(RuntimeProcess.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"))).build()) {
      String image = ec2.describeImages(request -> request.owners("amazon")).images().stream().findFirst()
          .map(i -> i.imageId()).orElse("ami-12c6146b");
      for (int z = 0; z < 3; z++) {
        String zone = RuntimeProcess.REGION + "abc".charAt(z);
        String group = "spot-group-" + zone;
        int inZone = count / 3 + (z < count % 3 ? 1 : 0);
        List<Tag> tags = tags(clusterName, group);
        // In a subnet moto hands out its addresses in turn; without one it draws a random 10.x
        // address per instance, and among 1,000 two would share a private DNS name (a Node name).
        String subnet = ec2.describeSubnets(request -> request.filters(
            Filter.builder().name("availability-zone").values(zone).build(),
            Filter.builder().name("default-for-az").values("true").build())).subnets().get(0).subnetId();
        List<BenchObjects.NodeSpec> specs = new ArrayList<>();
        for (int launched = 0; launched < inZone; launched += BATCH) {
          int size = Math.min(BATCH, inZone - launched);
          for (Instance instance : ec2.runInstances(request -> request.imageId(image).instanceType(InstanceType.M5_LARGE)
              .minCount(size).maxCount(size).subnetId(subnet)
              .tagSpecifications(spec -> spec.resourceType(ResourceType.INSTANCE).tags(tags))).instances()) {
            specs.add(new BenchObjects.NodeSpec(instance.privateDnsName(), instance.privateIpAddress(),
                instance.instanceId(), instance.placement().availabilityZone(), group, "m5.large", KopsLabels.SPOT));
          }
        }
        byZone.add(specs);
      }
    }
    List<BenchObjects.NodeSpec> nodes = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      nodes.add(byZone.get(n % 3).get(n / 3));
    }
    long names = nodes.stream().map(BenchObjects.NodeSpec::name).distinct().count();
    if (names != count) {
      throw new IllegalStateException("moto gave " + count + " instances only " + names + " distinct private DNS names");
    }
    return nodes;
  }

  /** The tags the constructs' Spot group propagates to its instances, with the stack's cluster id. */
  static List<Tag> tags(String clusterName, String group) {
    Map<String, String> tags = new TreeMap<>(MotoGroups.instanceTags(clusterName, group));
    tags.put(ClusterIdTag.KEY, BENCH_STACK_ID);
    return tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
  }
}
