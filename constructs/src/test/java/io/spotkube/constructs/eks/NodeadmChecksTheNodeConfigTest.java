package io.spotkube.constructs.eks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The synthesized launch templates' user data read by {@code nodeadm} itself, as a node reads it:
 * from the instance metadata service (a stand-in on loopback, {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}),
 * through its MIME multipart parser to the decoded NodeConfig ({@code nodeadm config check}).
 * The deploy-time values (endpoint, certificate authority) are replaced by values of their form.
 * nodeadm is built from the Go module proxy by {@code scripts/test.sh} into {@code ~/.cache/spotkube/bin}.
 */
class NodeadmChecksTheNodeConfigTest {

  private static final Path NODEADM = Path.of(System.getenv().getOrDefault("SPOTKUBE_CACHE",
      System.getProperty("user.home") + "/.cache/spotkube"), "bin", "nodeadm");

  @Test
  void nodeadmAcceptsTheUserDataOfSpotAndOnDemandGroups() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(NODEADM),
        "nodeadm is not built at " + NODEADM + ": scripts/test.sh builds it (ensure_nodeadm in scripts/lib.sh)");
    for (String group : new String[] {"spot2vcpus8gb", "nodes"}) {
      String userData = EksTestStacks.guideTemplate().userDataOfLaunchTemplate(group, NodeadmChecksTheNodeConfigTest::deployTimeValue);
      Map.Entry<Integer, String> check = nodeadmConfigCheck(userData);
      assertThat(check.getValue()).as(group).contains("Configuration is valid");
      assertThat(check.getKey()).as(group).isZero();
    }
  }

  @Test
  void nodeadmRejectsUserDataWithoutANodeConfigPart() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(NODEADM), "nodeadm is not built at " + NODEADM);
    // The control: the same document with the part's media type changed is refused, so the check reads the part.
    String userData = EksTestStacks.guideTemplate().userDataOfLaunchTemplate("nodes", NodeadmChecksTheNodeConfigTest::deployTimeValue)
        .replace(EksNodeBootstrap.NODE_CONFIG_MEDIA_TYPE, "text/plain");
    Map.Entry<Integer, String> check = nodeadmConfigCheck(userData);
    assertThat(check.getValue()).contains("Could not find NodeConfig within UserData");
    assertThat(check.getKey()).isNotZero();
  }

  /** What CloudFormation puts in place of the cluster's attributes, in their real form. */
  private static String deployTimeValue(Object token) {
    String text = token.toString();
    if (text.contains("CertificateAuthorityData")) {
      return java.util.Base64.getEncoder().encodeToString(
          "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII));
    }
    if (text.contains("Endpoint")) {
      return "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com";
    }
    throw new AssertionError("unexpected token in the user data: " + text);
  }

  /** Serves {@code userData} as IMDSv2 does and runs {@code nodeadm config check} against it. */
  private static Map.Entry<Integer, String> nodeadmConfigCheck(String userData) throws IOException, InterruptedException {
    HttpServer imds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = userData.getBytes(StandardCharsets.UTF_8);
    imds.createContext("/latest/api/token", exchange -> {
      exchange.getResponseHeaders().add("X-Aws-Ec2-Metadata-Token-Ttl-Seconds", "21600");
      byte[] token = "stand-in-token".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, token.length);
      exchange.getResponseBody().write(token);
      exchange.close();
    });
    imds.createContext("/latest/user-data", exchange -> {
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    imds.start();
    try {
      ProcessBuilder builder = new ProcessBuilder(NODEADM.toString(), "config", "check").redirectErrorStream(true);
      builder.environment().put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + imds.getAddress().getPort());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("nodeadm finished").isTrue();
      return Map.entry(process.exitValue(), output);
    } finally {
      imds.stop(0);
    }
  }
}
