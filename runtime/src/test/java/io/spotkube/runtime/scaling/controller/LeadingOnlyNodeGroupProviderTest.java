package io.spotkube.runtime.scaling.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotkube.runtime.ports.DiscoveredNodeGroup;
import io.spotkube.runtime.ports.NodeGroupProvider;
import io.spotkube.runtime.ports.ScalingActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** An iteration still running when the lease is lost writes nothing to Auto Scaling. */
class LeadingOnlyNodeGroupProviderTest {

  private final List<String> writes = new ArrayList<>();
  private final AtomicBoolean leading = new AtomicBoolean(true);
  private final NodeGroupProvider provider = new LeadingOnlyNodeGroupProvider(new NodeGroupProvider() {
    @Override
    public List<DiscoveredNodeGroup> nodeGroups() {
      return List.of();
    }

    @Override
    public void setDesiredCapacity(String group, int desired) {
      writes.add("desired " + group + " " + desired);
    }

    @Override
    public void terminateInstance(String instanceId) {
      writes.add("terminate " + instanceId);
    }

    @Override
    public List<ScalingActivity> scalingActivities(String group, Instant since) {
      return List.of();
    }
  }, leading::get);

  @Test
  void writesPassWhileLeadingAndAreRefusedOnceTheLeaseIsLost() {
    provider.setDesiredCapacity("spot-a", 3);
    leading.set(false);

    assertThatThrownBy(() -> provider.setDesiredCapacity("spot-a", 4)).hasMessageContaining("not leading")
        .hasMessageContaining("spot-a");
    assertThatThrownBy(() -> provider.terminateInstance("i-0123456789abcdef0")).hasMessageContaining("not leading");
    assertThat(provider.nodeGroups()).as("reads still pass").isEmpty();
    assertThat(writes).containsExactly("desired spot-a 3");
  }
}
