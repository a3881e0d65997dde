package io.spotkube.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.model.Resources;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.ports.InstanceInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The identity rule, pure: what EC2 says of the claimed instance against what the node says of itself. */
class NodeIdentityCheckTest {

  private static final String ID = "i-0123456789abcdef0";
  private static final String DNS = "ip-10-0-1-5.eu-west-1.compute.internal";
  private static final ClusterOwnership OURS = new ClusterOwnership("c1", "stack-a");
  private static final Map<String, String> OUR_TAGS = Map.of("kubernetes.io/cluster/c1", "owned",
      "spotkube.io/cluster-id", "stack-a");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "as EC2 says                       | " + DNS + " | aws:///eu-west-1a/" + ID + " | 10.0.1.5 | running       | ours        | VERIFIED",
      "no provider ID yet                | " + DNS + " | -                             | 10.0.1.5 | running       | ours        | PENDING",
      "no InternalIP yet                 | " + DNS + " | aws:///eu-west-1a/" + ID + " | -        | running       | ours        | PENDING",
      "instance shutting down            | " + DNS + " | aws:///eu-west-1a/" + ID + " | 10.0.1.5 | shutting-down | ours        | PENDING",
      "instance EC2 does not know        | " + DNS + " | aws:///eu-west-1a/i-0fffffffffffffff0 | 10.0.1.5 | running | ours | REFUSED",
      "another name                      | ip-10-99-0-1.ec2.internal | aws:///eu-west-1a/" + ID + " | 10.0.1.5 | running | ours | REFUSED",
      "another address                   | " + DNS + " | aws:///eu-west-1a/" + ID + " | 10.99.0.1 | running      | ours        | REFUSED",
      "the name's cluster, another stack | " + DNS + " | aws:///eu-west-1a/" + ID + " | 10.0.1.5 | running       | other-stack | REFUSED",
      "no ownership tag                  | " + DNS + " | aws:///eu-west-1a/" + ID + " | 10.0.1.5 | running       | none        | REFUSED"})
  void theNodeIsWhoItSaysOnlyWhenEc2AgreesOnEverything(String caseName, String name, String providerId,
      String internalIp, String state, String tags, IdentityVerdict.Status expected) {
    Node node = new Node(name, null, Resources.fromQuantities("test", Map.of()), Map.of(), List.of(), true, false, 0,
        providerId, internalIp);
    Map<String, String> instanceTags = switch (tags) {
      case "ours" -> OUR_TAGS;
      case "other-stack" -> Map.of("kubernetes.io/cluster/c1", "owned", "spotkube.io/cluster-id", "stack-b");
      default -> Map.of();
    };
    InstanceInfo instance = new InstanceInfo(ID, DNS, instanceTags, state, "10.0.1.5");
    InstanceInfo claimed = node.instanceId().map(ID::equals).orElse(true) ? instance : null;

    assertThat(NodeIdentityCheck.check(node, claimed, OURS).status()).isEqualTo(expected);
  }
}
