package io.spotkube.runtime.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotkube.runtime.draining.LifecycleAction;
import io.spotkube.runtime.ports.InstanceInfo;
import io.spotkube.runtime.testing.AwsTestCloud;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The EC2 and Auto Scaling adapters against moto (lifecycle calls answered by the stand-in in front of it). */
class AwsAdaptersMotoTest {

  private static final String MANAGED = "aws-node-termination-handler/managed";
  private static AwsTestCloud cloud;
  private static List<String> instances;

  @BeforeAll
  static void start() {
    cloud = AwsTestCloud.start();
    instances = cloud.autoScalingGroup("spot-group", 2, MANAGED);
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void describesAnInstanceWithItsPrivateDnsNameAndTheTagsPropagatedFromItsGroup() {
    InstanceInfo info = new Ec2InstanceLookup(cloud.ec2()).describe(instances.get(0)).orElseThrow();

    assertThat(info.instanceId()).isEqualTo(instances.get(0));
    assertThat(info.privateDnsName()).isNotBlank();
    assertThat(info.tags()).containsKey(MANAGED).containsEntry("aws:autoscaling:groupName", "spot-group");
  }

  @Test
  void anUnknownInstanceIsEmptyNotAnError() {
    assertThat(new Ec2InstanceLookup(cloud.ec2()).describe("i-0123456789abcdef0")).isEmpty();
  }

  @Test
  void completesAndHeartbeatsLifecycleActions() {
    AutoScalingLifecycleActions actions = new AutoScalingLifecycleActions(cloud.autoScaling());
    LifecycleAction action = new LifecycleAction("spot-group", "drain-hook", "token-1", instances.get(1));

    actions.heartbeat(action);
    actions.complete(action, "CONTINUE");

    assertThat(cloud.standIn().calls("RecordLifecycleActionHeartbeat")).anySatisfy(call ->
        assertThat(call).containsEntry("InstanceId", instances.get(1)).containsEntry("LifecycleActionToken", "token-1"));
    assertThat(cloud.standIn().calls("CompleteLifecycleAction")).anySatisfy(call -> assertThat(call)
        .containsAllEntriesOf(Map.of("AutoScalingGroupName", "spot-group", "LifecycleHookName", "drain-hook",
            "InstanceId", instances.get(1), "LifecycleActionResult", "CONTINUE")));
  }

  @Test
  void aRefusedCallIsWrappedWithWhatWasAttempted() {
    AutoScalingLifecycleActions actions = new AutoScalingLifecycleActions(cloud.autoScaling());

    assertThatThrownBy(() -> actions.complete(new LifecycleAction("", "", null, "i-0123456789abcdef0"), "CONTINUE"))
        .isInstanceOf(AwsCallException.class).hasMessageContaining("completing lifecycle hook");
  }
}
