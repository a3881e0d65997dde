package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad props fail at construction with one message naming the prop. */
class DiversifiedSpotNodeGroupValidationTest {

  private final TestStacks stacks = new TestStacks();

  private void build(DiversifiedSpotNodeGroupProps.Builder props) {
    new DiversifiedSpotNodeGroup(stacks.stack, "Spot", props.build());
  }

  @Test
  void unknownBaseTypeNamesThePropAndNearTypes() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.lage")))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: baseInstanceType unknown instance type 'm5.lage'; "
            + "near types: m5.large, c5.large, m1.large, m3.large, m4.large");
  }

  @Test
  void minAboveMaxNamesBothProps() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").minCapacity(5).maxCapacity(1)))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: minCapacity (5) should be <= maxCapacity (1)");
  }

  @Test
  void denyListThatRemovesEverythingNamesTheProp() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").denyList("m")))
        .hasMessageStartingWith("DiversifiedSpotNodeGroup Test/Spot: denyList no instance type is left after the filter deny-list 'm'");
  }

  @Test
  void invalidRegexNamesTheProp() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").allowList("m5[")))
        .hasMessageStartingWith("DiversifiedSpotNodeGroup Test/Spot: allowList 'm5[' is not a valid regular expression");
  }

  @Test
  void moreThanFortyOverridesIsRejected() {
    List<String> many = Collections.nCopies(41, "m5.large");
    assertThatThrownBy(() -> build(stacks.tutorialGroup(null).instanceTypes(many)))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: instanceTypes gives 41 instance types; "
            + "a MixedInstancesPolicy takes at most 40 overrides");
  }

  @Test
  void maxInstanceTypesAboveTheEc2LimitIsRejected() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").maxInstanceTypes(41)))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: maxInstanceTypes (41) must be between 1 and 40");
  }

  @Test
  void typesOfDifferentSizesAreRejected() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup(null).instanceTypes(List.of("m5.large", "m5.xlarge"))))
        .hasMessageStartingWith("DiversifiedSpotNodeGroup Test/Spot: instanceTypes mixes shapes beyond what the autoscaler "
            + "can simulate: m5.xlarge: 4 vCPU, 16384 MiB");
  }

  @Test
  void aLabelKeyTooLongForAnAutoScalingTagIsRejected() {
    String longKey = "a".repeat(50) + "." + "b".repeat(30) + ".example.com/role";
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").labels(Map.of(longKey, "x"))))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: labels/taints cannot be written as node-template tags: label "
            + longKey + ": its node-template tag key k8s.io/cluster-autoscaler/node-template/label/" + longKey
            + " is 144 characters; Auto Scaling allows 128");
  }

  @Test
  void twoTaintsWithOneKeyAreRejectedAsTheTagsHoldOne() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").taints(List.of(
        NodeTaint.of("dedicated", "gpu", TaintEffect.NO_SCHEDULE), NodeTaint.of("dedicated", "gpu", TaintEffect.NO_EXECUTE)))))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: labels/taints cannot be written as node-template tags: "
            + "taints: two taints have the key dedicated; node-template tags hold one taint per key");
  }

  @Test
  void gpuAndNonGpuTypesAreRejected() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup(null).instanceTypes(List.of("m5.xlarge", "g4dn.xlarge"))))
        .hasMessageStartingWith("DiversifiedSpotNodeGroup Test/Spot: instanceTypes mixes GPU shapes");
  }

  @Test
  void architecturesCannotBeMixed() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup(null).instanceTypes(List.of("m5.large", "m6g.large"))))
        .hasMessageStartingWith("DiversifiedSpotNodeGroup Test/Spot: instanceTypes mixes architectures");
  }

  @Test
  void unknownExplicitTypeIsRejected() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup(null).instanceTypes(List.of("m5.large", "m5.huge"))))
        .hasMessageStartingWith("DiversifiedSpotNodeGroup Test/Spot: instanceTypes has an unknown instance type 'm5.huge'");
  }

  @Test
  void baseTypeAndExplicitTypesTogetherAreRejected() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").instanceTypes(List.of("m5.large"))))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: baseInstanceType or instanceTypes: give exactly one of them (got both)");
  }

  @Test
  void missingClusterNameIsRejected() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").clusterName(null)))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: clusterName is required");
  }

  @Test
  void invalidLabelIsRejected() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").labels(Map.of("bad key", "x"))))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: labels has 'bad key=x', which is not a valid Kubernetes label");
  }

  @Test
  void launchHookTimeoutBelowThirtySecondsIsRejected() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large")
        .launchLifecycleHookHeartbeatTimeout(software.amazon.awscdk.Duration.seconds(10))))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: launchLifecycleHookHeartbeatTimeout (seconds) (10) "
            + "must be between 30 and 7200");
  }

  @Test
  void onDemandPercentageAboveHundredIsRejected() {
    assertThatThrownBy(() -> build(stacks.tutorialGroup("m5.large").onDemandPercentageAboveBaseCapacity(120)))
        .hasMessage("DiversifiedSpotNodeGroup Test/Spot: onDemandPercentageAboveBaseCapacity (120) must be between 0 and 100");
  }
}
