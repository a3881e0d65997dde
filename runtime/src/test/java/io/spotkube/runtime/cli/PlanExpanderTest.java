package io.spotkube.runtime.cli;

import static io.spotkube.runtime.cli.SnapshotJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Choosing the group to grow through {@code plan}: expanders, chains and balancing of similar groups. */
class PlanExpanderTest {

  @TempDir
  Path dir;

  /** Upstream's priority expander test configuration: 5 for t2/t3 large, 10 for m4.4xlarge. */
  private static final String[][] PRIORITIES = {{"5", ".*t2\\.large.*", ".*t3\\.large.*"}, {"10", ".*m4\\.4xlarge.*"}};

  private static SnapshotJson withGroups(String expander, List<String> groups) {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.options.put("expander", expander).put("seed", 7);
    ObjectNode priorities = snapshot.options.putObject("priorities");
    for (String[] rule : PRIORITIES) {
      var regexes = priorities.putArray(rule[0]);
      for (int i = 1; i < rule.length; i++) {
        regexes.add(rule[i]);
      }
    }
    groups.forEach(name -> snapshot.group(name, 0, 10, 0, "2", "8Gi", 110));
    snapshot.pods("web", 2, "500m", "512Mi");
    return snapshot;
  }

  static Stream<Arguments> priorityCases() {
    return Stream.of(
        Arguments.of(List.of("ng-t2.large"), List.of("ng-t2.large")),
        Arguments.of(List.of("ng-t2.large", "ng-m4.4xlarge"), List.of("ng-m4.4xlarge")),
        Arguments.of(List.of("ng-t2.large", "ng-t2.micro"), List.of("ng-t2.large")),
        Arguments.of(List.of("ng-t2.large", "ng-t3.large", "ng-t2.micro"), List.of("ng-t2.large", "ng-t3.large")),
        Arguments.of(List.of("ng-t2.micro", "ng-t3.micro"), List.of("ng-t2.micro", "ng-t3.micro")));
  }

  @ParameterizedTest(name = "groups {0} -> one of {1}")
  @MethodSource("priorityCases")
  void priorityExpanderPicksTheHighestMatchingRegex(List<String> groups, List<String> expectedOneOf) {
    JsonNode plan = withGroups("priority", groups).plan(dir);

    assertThat(plan.get("scaleUp")).hasSize(1);
    assertThat(plan.at("/scaleUp/0/nodeGroup").asText()).isIn(expectedOneOf);
  }

  @Test
  void priorityTiesAreBrokenByTheNextExpanderOfTheChain() {
    SnapshotJson snapshot = withGroups("priority,least-nodes", List.of());
    snapshot.group("ng-t2.large", 0, 10, 0, "2", "8Gi", 110);
    snapshot.group("ng-t3.large", 0, 10, 0, "4", "16Gi", 110);
    snapshot.pods("more", 4, "500m", "512Mi");

    JsonNode plan = snapshot.plan(dir);

    // 6 pods of 500m: two 2-cpu t2.large nodes or one 4-cpu t3.large node; both have priority 5.
    assertThat(plan.at("/scaleUp/0/nodeGroup").asText()).isEqualTo("ng-t3.large");
    assertThat(plan.at("/scaleUp/0/newNodes").asInt()).isEqualTo(1);
  }

  static Stream<Arguments> shapeExpanders() {
    // 8 pods of 1 cpu / 1Gi. small: 2 cpu/8Gi (4 nodes), large: 8 cpu/32Gi (1 node),
    // tight: 3 cpu/3Gi max 2 nodes (6 pods, least waste), cheap: 2 cpu/8Gi at a low price.
    return Stream.of(
        Arguments.of("least-nodes", "large"),
        Arguments.of("most-pods", null),
        Arguments.of("least-waste", "tight"),
        Arguments.of("price", "cheap"));
  }

  @ParameterizedTest(name = "{0} chooses {1}")
  @MethodSource("shapeExpanders")
  void eachExpanderRanksByItsOwnCriterion(String expander, String expected) {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.options.put("expander", expander);
    snapshot.group("small", 0, 10, 0, "2", "8Gi", 110).put("pricePerHour", 0.10);
    snapshot.group("large", 0, 10, 0, "8", "32Gi", 110).put("pricePerHour", 0.80);
    snapshot.group("tight", 0, 2, 0, "3", "3Gi", 110).put("pricePerHour", 0.30);
    snapshot.group("cheap", 0, 10, 0, "2", "8Gi", 110).put("pricePerHour", 0.02);
    snapshot.pods("job", 8, "1", "1Gi");

    JsonNode plan = snapshot.plan(dir);

    String chosen = plan.at("/scaleUp/0/nodeGroup").asText();
    if (expected == null) {
      // most-pods: every group but "tight" schedules all 8.
      assertThat(chosen).isIn("small", "large", "cheap");
    } else {
      assertThat(chosen).isEqualTo(expected);
    }
  }

  @Test
  void randomExpanderIsRepeatableForOneSeedAndVariesAcrossSeeds() {
    Map<String, Integer> chosen = new HashMap<>();
    for (int seed = 1; seed <= 12; seed++) {
      SnapshotJson snapshot = withGroups("random", List.of("a", "b", "c", "d"));
      snapshot.options.put("seed", seed);
      String first = snapshot.plan(dir).at("/scaleUp/0/nodeGroup").asText();
      String again = snapshot.plan(dir).at("/scaleUp/0/nodeGroup").asText();
      assertThat(again).isEqualTo(first);
      chosen.merge(first, 1, Integer::sum);
    }
    assertThat(chosen).hasSizeGreaterThan(1);
  }

  /** Upstream's balancing test: groups at 1, 3, 5, 5 (max 10) and 4 new nodes end at 4, 4, 5, 5. */
  @Test
  void balancingLevelsSimilarGroupsFromTheSmallest() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.options.put("balanceSimilarNodeGroups", true);
    int[] sizes = {1, 3, 5, 5};
    for (int g = 0; g < sizes.length; g++) {
      String group = "ng-" + (char) ('a' + g);
      snapshot.group(group, 0, 10, sizes[g], "1000m", "2000Mi", 10)
          .with("template").with("labels").put("topology.kubernetes.io/zone", "eu-west-1" + (char) ('a' + g));
      for (int n = 0; n < sizes[g]; n++) {
        String node = group + "-node-" + n;
        snapshot.node(node, group, "1000m", "2000Mi", 10);
        snapshot.pod("default", "filler-" + node, "1000m", null).put("nodeName", node);
      }
    }
    snapshot.pods("web", 4, "1000m", "100Mi");

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "nodeGroup")).containsExactly("ng-a", "ng-b");
    assertThat(texts(plan.get("scaleUp"), "description")).containsExactly("1->4 (max: 10)", "3->4 (max: 10)");
  }

  @Test
  void groupsWithDifferentLabelsAreNotBalanced() {
    SnapshotJson snapshot = new SnapshotJson();
    snapshot.options.put("balanceSimilarNodeGroups", true).put("expander", "priority");
    snapshot.options.putObject("priorities").putArray("10").add("^gpu-less$");
    snapshot.group("gpu-less", 0, 10, 0, "1000m", "2000Mi", 10);
    snapshot.group("other", 0, 10, 0, "1000m", "2000Mi", 10)
        .with("template").with("labels").put("team", "data");
    snapshot.pods("web", 4, "1000m", "100Mi");

    JsonNode plan = snapshot.plan(dir);

    assertThat(texts(plan.get("scaleUp"), "description")).containsExactly("0->4 (max: 10)");
  }
}
