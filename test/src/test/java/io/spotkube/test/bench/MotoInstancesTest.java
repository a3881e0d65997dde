package io.spotkube.test.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The draining benchmark's nodes as a handler that checks them against EC2 sees them: each bench
 * Node (what the harness really creates, BenchObjects.node) is named, addressed and linked as moto's
 * EC2 describes its instance, and the instance carries the tags the constructs propagate. Also the
 * handler's command line: endpoints per service, never one --aws-endpoint for all.
 */
class MotoInstancesTest {

  private static final String CLUSTER = "spot-kops-cluster";
  private static Process moto;
  private static URI endpoint;

  @BeforeAll
  static void startMoto() throws Exception {
    Path executable = Path.of(System.getProperty("spotkube.root", ".."), ".venv", "bin", "moto_server");
    assertThat(executable).as("moto (scripts/test.sh installs it into .venv)").isExecutable();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("moto", ".log");
    moto = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    endpoint = URI.create("http://127.0.0.1:" + port);
    for (int i = 0; i < 300 && !accepts(port); i++) {
      assertThat(moto.isAlive()).as("moto_server running: " + Files.readString(log)).isTrue();
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stopMoto() {
    moto.destroy();
  }

  @Test
  void everyBenchNodeIsItsMotoInstanceAsEc2DescribesIt() {
    List<BenchObjects.NodeSpec> specs = MotoInstances.launch(endpoint, CLUSTER, 7);
    // 1,000 random addresses would share a name now and then: one subnet per zone, addresses in turn.
    assertThat(specs).extracting(BenchObjects.NodeSpec::name).allMatch(name -> name.startsWith("ip-172-31-"));

    assertThat(specs).extracting(BenchObjects.NodeSpec::zone).containsExactly("eu-west-1a", "eu-west-1b",
        "eu-west-1c", "eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a");
    assertThat(specs).extracting(BenchObjects.NodeSpec::name).doesNotHaveDuplicates();
    Map<String, Instance> instances = describe(specs.stream().map(BenchObjects.NodeSpec::instanceId).toList());
    assertThat(instances).hasSize(7);
    for (BenchObjects.NodeSpec spec : specs) {
      Instance instance = instances.get(spec.instanceId());
      Node node = BenchObjects.node(spec);
      assertThat(node.getMetadata().getName()).isEqualTo(instance.privateDnsName()).endsWith(".compute.internal");
      assertThat(node.getStatus().getAddresses()).filteredOn(a -> a.getType().equals("InternalIP"))
          .extracting(NodeAddress::getAddress).containsExactly(instance.privateIpAddress());
      assertThat(node.getSpec().getProviderID())
          .isEqualTo("aws:///" + instance.placement().availabilityZone() + "/" + instance.instanceId());
      assertThat(instance.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value))).contains(
          Map.entry("kubernetes.io/cluster/" + CLUSTER, "owned"),
          Map.entry("aws-node-termination-handler/managed", "true"),
          Map.entry("kops.k8s.io/instancegroup", spec.group()),
          Map.entry("spotkube.io/cluster-id", MotoInstances.BENCH_STACK_ID));
    }
  }

  @Test
  void theHandlerGetsOneEndpointPerServiceAndNoOverrideForAll() {
    URI sqs = URI.create("http://127.0.0.1:9324");
    assertThat(RuntimeProcess.handlerArgs("http://queue", 9092)).doesNotContain("--aws-endpoint")
        .containsSequence("--queue-url", "http://queue");
    assertThat(RuntimeProcess.handlerEndpoints(sqs, endpoint)).containsOnly(
        Map.entry("AWS_ENDPOINT_URL_SQS", sqs.toString()), Map.entry("AWS_ENDPOINT_URL_EC2", endpoint.toString()));
  }

  private static Map<String, Instance> describe(List<String> ids) {
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
      return ec2.describeInstances(request -> request.instanceIds(ids)).reservations().stream()
          .flatMap(r -> r.instances().stream()).collect(Collectors.toMap(Instance::instanceId, i -> i));
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
