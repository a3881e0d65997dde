package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotkube.constructs.manifests.HeadroomManifests;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class HeadroomTest {

  private static HeadroomProps.Builder props() {
    return HeadroomProps.builder().cpu("500m").memory("1Gi").replicas(2);
  }

  @Test
  void theManifestIsShippedAsAnAddOnParameter() {
    Stack stack = new Stack(new App(), "Headroom");

    new Headroom(stack, "web", props().build(), "/spotkube/demo");

    Template.fromStack(stack).hasResourceProperties("AWS::SSM::Parameter", Map.of(
        "Name", "/spotkube/demo/addons/spotkube-headroom-web.yaml", "Value", Match.anyValue()));
  }

  @Test
  void aNegativePriorityClassAndPausePodsOfTheGivenSizeOnePerZone() {
    String yaml = HeadroomManifests.renderYaml("spotkube-headroom-web", -1, "500m", "1Gi", 2,
        List.of("eu-west-1a", "eu-west-1b"));

    assertThat(yaml).contains("kind: PriorityClass", "value: -1", "preemptionPolicy: Never",
        "name: spotkube-headroom-web-eu-west-1a", "name: spotkube-headroom-web-eu-west-1b",
        "topology.kubernetes.io/zone: eu-west-1a", "replicas: 2", "priorityClassName: spotkube-headroom-web",
        "cpu: 500m", "memory: 1Gi", "image: " + HeadroomManifests.PAUSE_IMAGE);
    assertThat(yaml.split("kind: Deployment", -1)).hasSize(3);
  }

  @Test
  void badSizesAndPrioritiesAreRefusedNamingTheProp() {
    Stack stack = new Stack(new App(), "Headroom");

    assertThatThrownBy(() -> new Headroom(stack, "a", props().cpu("lots").build(), "/p"))
        .hasMessage("Headroom Headroom/a: cpu (lots) must be a Kubernetes quantity such as 500m, 2 or 1Gi");
    assertThatThrownBy(() -> new Headroom(stack, "b", props().priority(0).build(), "/p"))
        .hasMessageContaining("priority (0) must be negative");
    assertThatThrownBy(() -> new Headroom(stack, "c", props().zones(List.of("EU West")).build(), "/p"))
        .hasMessageContaining("zones has 'EU West'");
  }

  @Test
  void aPriorityBelowTheExpendableCutoffIsWarnedAbout() {
    Stack stack = new Stack(new App(), "Headroom");

    new Headroom(stack, "low", props().priority(-20).build(), "/p");

    Annotations.fromStack(stack).hasWarning("/Headroom/low", Match.stringLikeRegexp(".*below the runtime's --expendable-pods-priority-cutoff.*"));
  }
}
