package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.catalog.InstanceTypeCatalog;
import io.spotkube.runtime.adapters.aws.AutoScalingNodeGroupProvider;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.ports.StaticNodeGroup;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * cluster-autoscaler's {@code --nodes=<min>:<max>:<name>} on Auto Scaling in moto: the groups the
 * settings from {@code run}'s flags name, with their bounds, alone (a shard) or beside discovery.
 */
class StaticNodeGroupsTest {

  @RegisterExtension
  static final ScalingServers SERVERS = new ScalingServers();

  private static AutoScalingNodeGroupProvider provider(ScalingWorld world, String... flags) {
    AutoscalerSettings settings = AutoscalerSettings.fromArgs(List.of(flags));
    return new AutoScalingNodeGroupProvider(world.autoScaling, world.ec2, settings.clusterName(), ScalingWorld.REGION,
        InstanceTypeCatalog.bundled(), CallTimer.NONE, settings.staticGroups(), settings.discoverByTags(), null);
  }

  @Test
  void aShardScalesOnlyItsNamedGroupsWithinTheBoundsItGives() {
    ScalingWorld world = SERVERS.world();
    world.createGroup("k8s-worker-asg-1", 0, 20, 2, "m5.large");
    world.createGroup("k8s-worker-asg-2", 0, 20, 0, "m5.large");

    List<DiscoveredNodeGroup> groups = provider(world, "--nodes=1:10:k8s-worker-asg-1").nodeGroups();

    assertThat(groups).singleElement().satisfies(group -> {
      assertThat(group.name()).isEqualTo("k8s-worker-asg-1");
      assertThat(group.minSize()).isEqualTo(1);
      assertThat(group.maxSize()).isEqualTo(10);
      assertThat(group.desired()).isEqualTo(2);
      assertThat(group.instanceIds()).hasSize(2);
    });
  }

  @Test
  void withDiscoveryTheNamedGroupsAreAddedAndKeepTheirBounds() {
    ScalingWorld world = SERVERS.world();
    world.createGroup("tagged", 0, 5, 0, "m5.large");
    world.createGroup("named", 0, 20, 0, "m5.large");

    List<DiscoveredNodeGroup> groups = provider(world, "--cluster-name=" + ScalingWorld.CLUSTER,
        "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/"
            + ScalingWorld.CLUSTER, "--nodes=2:4:named", "--nodes=0:3:missing").nodeGroups();

    assertThat(groups).extracting(DiscoveredNodeGroup::name).containsExactlyInAnyOrder("tagged", "named");
    assertThat(groups).filteredOn(group -> group.name().equals("named")).singleElement()
        .satisfies(group -> assertThat(List.of(group.minSize(), group.maxSize())).containsExactly(2, 4));
    assertThat(groups).filteredOn(group -> group.name().equals("tagged")).singleElement()
        .satisfies(group -> assertThat(List.of(group.minSize(), group.maxSize())).containsExactly(0, 5));
  }

  @Test
  void parsedBoundsAreTheUpstreamForm() {
    assertThat(StaticNodeGroup.parse("--nodes", "1:10:k8s-worker-asg-1"))
        .isEqualTo(new StaticNodeGroup(1, 10, "k8s-worker-asg-1"));
  }
}
