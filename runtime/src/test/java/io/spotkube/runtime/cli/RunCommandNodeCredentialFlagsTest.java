package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code run --check-flags} with the node credential server's flags: it starts with them, bad ones are one line. */
class RunCommandNodeCredentialFlagsTest {

  @Test
  void theAddressAndTheNodeRolesStartTheServerForTheClustersInstances() {
    CliRun run = CliRun.of("run", "--check-flags", "--cluster-name=spot", "--cluster-id=stack-1",
        "--node-credential-address=0.0.0.0:3988", "--node-credential-role-names=spot-nodes,ondemand-nodes");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("node credentials (on 0.0.0.0:3988, node roles spot-nodes,ondemand-nodes, "
        + "instances with kubernetes.io/cluster/spot=owned and spotkube.io/cluster-id=stack-1)");
  }

  @Test
  void withoutTheAddressNoServerStarts() {
    CliRun run = CliRun.of("run", "--check-flags", "--cluster-name=spot");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).doesNotContain("node credentials");
  }

  @Test
  void theAddressWithoutNodeRolesIsAUsageError() {
    CliRun run = CliRun.of("run", "--check-flags", "--cluster-name=spot", "--node-credential-address=0.0.0.0:3988");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("run: --node-credential-role-names: required with --node-credential-address");
  }

  /** What the add-on variable gives a cluster without node groups yet: the server runs, issuing nothing. */
  @Test
  void anEmptyListOfNodeRolesIsAccepted() {
    CliRun run = CliRun.of("run", "--check-flags", "--cluster-name=spot", "--node-credential-address=0.0.0.0:3988",
        "--node-credential-role-names=");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
  }

  @Test
  void aRoleArnOrABadAddressNamesTheFlag() {
    CliRun arn = CliRun.of("run", "--check-flags", "--cluster-name=spot", "--node-credential-address=:3988",
        "--node-credential-role-names=arn:aws:iam::123456789012:role/nodes");
    CliRun address = CliRun.of("run", "--check-flags", "--cluster-name=spot", "--node-credential-address=3988",
        "--node-credential-role-names=nodes");

    assertThat(arn.stderr()).startsWith("run: --node-credential-role-names: 'arn:aws:iam::123456789012:role/nodes' "
        + "is not an IAM role name");
    assertThat(address.stderr()).startsWith("run: --node-credential-address: '3988' is not host:port");
  }

  @Test
  void theServerNeedsToKnowItsCluster() {
    CliRun run = CliRun.of("run", "--check-flags", "--queue-url=https://sqs.eu-west-1.amazonaws.com/1/q",
        "--node-credential-address=0.0.0.0:3988", "--node-credential-role-names=nodes");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("run: --node-credential-address needs the cluster: set --cluster-name");
  }

  @Test
  void stsIsTheSdksStsEndpointVariableElseTheRuntimesEndpointElseTheTokensHost() {
    List<String> args = List.of("--cluster-name=spot", "--node-credential-address=127.0.0.1:0",
        "--node-credential-role-names=nodes");
    Map<String, String> both = Map.of("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5001", "AWS_ENDPOINT_URL",
        "http://127.0.0.1:5000");

    assertThat(NodeCredentialOptions.from(RunCommand.parse(args, both), both).stsEndpoint())
        .isEqualTo(URI.create("http://127.0.0.1:5001"));
    Map<String, String> general = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");
    assertThat(NodeCredentialOptions.from(RunCommand.parse(args, general), general).stsEndpoint())
        .isEqualTo(URI.create("http://127.0.0.1:5000"));
    assertThat(NodeCredentialOptions.from(RunCommand.parse(args, Map.of()), Map.of()).stsEndpoint()).isNull();
  }
}
