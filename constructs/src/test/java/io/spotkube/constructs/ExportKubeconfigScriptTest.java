package io.spotkube.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.testsupport.MotoProcess;
import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/export-kubeconfig.sh against moto in server mode (EC2 and SSM), with the AWS CLI of
 * .venv behind a stand-in that records every command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportKubeconfigScriptTest {

  private static final String CLUSTER = "spot-kops-cluster";
  private static final String PARAMETER = "/spotkube/spot-kops-cluster/state-bucket-1/admin/kubeconfig";
  private static final String NLB = "internal-spot-api-0123456789.elb.eu-west-1.amazonaws.com";
  private static final String CLIENT_KEY = "c2VjcmV0LWFkbWluLWNsaWVudC1rZXk=";
  private static final String KUBECONFIG = String.join("\n", "apiVersion: v1", "clusters:", "- cluster:",
      "    certificate-authority-data: Q0EtZGF0YQ==", "    server: https://" + NLB + ":6443", "  name: " + CLUSTER,
      "contexts:", "- context:", "    cluster: " + CLUSTER, "    user: spotkube-admin",
      "  name: spotkube-admin@" + CLUSTER, "current-context: spotkube-admin@" + CLUSTER, "kind: Config", "users:",
      "- name: spotkube-admin", "  user:", "    client-certificate-data: Y2VydA==", "    client-key-data: " + CLIENT_KEY, "");

  private MotoProcess moto;
  @TempDir
  Path dir;
  private Path bin;
  private Path home;
  private String instanceId;

  @BeforeAll
  void startMoto() throws Exception {
    moto = MotoProcess.start();
  }

  @AfterAll
  void stopMoto() {
    moto.close();
  }

  @BeforeEach
  void recordingAwsCliAndAControlPlaneInstance() throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    home = Files.createDirectories(dir.resolve("home"));
    Path aws = bin.resolve("aws");
    Files.writeString(aws, "#!/usr/bin/env bash\nprintf '%s\\n' \"aws $*\" >>'" + dir.resolve("calls.log") + "'\n"
        + "exec '" + RepositoryTools.venvTool("aws") + "' \"$@\"\n");
    assertThat(aws.toFile().setExecutable(true)).isTrue();
    resetMoto();
    instanceId = aws("ec2", "run-instances", "--image-id", "ami-12345678", "--count", "1", "--tag-specifications",
        "ResourceType=instance,Tags=[{Key=kubernetes.io/cluster/" + CLUSTER + ",Value=owned},"
            + "{Key=k8s.io/role/control-plane,Value=1},{Key=spotkube.io/admin-kubeconfig-parameter,Value=" + PARAMETER + "}]",
        "--query", "Instances[0].InstanceId", "--output", "text").output().strip();
    // A worker of the same cluster: it must not be chosen as the tunnel's target.
    aws("ec2", "run-instances", "--image-id", "ami-12345678", "--count", "1", "--tag-specifications",
        "ResourceType=instance,Tags=[{Key=kubernetes.io/cluster/" + CLUSTER + ",Value=owned}]");
    Files.deleteIfExists(dir.resolve("calls.log"));
  }

  @Test
  void writesAPrivateKubeconfigForTheTunnelAndPrintsTheSessionCommand() throws IOException {
    Path value = Files.writeString(dir.resolve("value"), KUBECONFIG);
    assertThat(aws("ssm", "put-parameter", "--name", PARAMETER, "--type", "SecureString",
        "--value", "file://" + value).exitCode()).isZero();
    Files.deleteIfExists(dir.resolve("calls.log"));

    RepositoryTools.Result result = exportKubeconfig(CLUSTER, "--region", "eu-west-1", "--port", "18443");

    assertThat(result.exitCode()).as(result.output()).isZero();
    Path written = home.resolve(".kube/spotkube-" + CLUSTER + ".kubeconfig");
    assertThat(Files.getPosixFilePermissions(written))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(written))
        .contains("    server: https://localhost:18443\n    tls-server-name: " + NLB + "\n",
            "certificate-authority-data: Q0EtZGF0YQ==", "client-key-data: " + CLIENT_KEY)
        .doesNotContain(":6443");
    assertThat(result.output()).contains("aws ssm start-session --region eu-west-1 --target " + instanceId
        + " --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=" + NLB
        + ",portNumber=6443,localPortNumber=18443");
    List<String> exposed = new ArrayList<>(Files.readAllLines(dir.resolve("calls.log")));
    exposed.add(result.output());
    assertThat(exposed).as("command lines and output").noneSatisfy(text -> assertThat(text).contains(CLIENT_KEY));
  }

  @Test
  void failsWithOneClearLineWhenTheParameterIsMissing() {
    RepositoryTools.Result result = exportKubeconfig(CLUSTER, "--region", "eu-west-1");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output().strip()).doesNotContain("\n").startsWith("export-kubeconfig.sh: error: ")
        .contains("no admin kubeconfig in SSM parameter " + PARAMETER);
    assertThat(home.resolve(".kube/spotkube-" + CLUSTER + ".kubeconfig")).doesNotExist();
  }

  @Test
  void failsWithOneClearLineWithoutAControlPlaneInstance() {
    RepositoryTools.Result result = exportKubeconfig("other-cluster");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output().strip()).doesNotContain("\n")
        .contains("no running control-plane instance of cluster other-cluster");
  }

  @Test
  void passesShellcheck() {
    RepositoryTools.Result result = RepositoryTools.run(List.of(RepositoryTools.venvTool("shellcheck").toString(),
        "--shell=bash", "--severity=style", script().toString()), 60);

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private static Path script() {
    return RepositoryTools.root().resolve("scripts/export-kubeconfig.sh");
  }

  private RepositoryTools.Result exportKubeconfig(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", script().toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  private RepositoryTools.Result aws(String... args) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("aws").toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  private RepositoryTools.Result run(List<String> command) {
    try {
      Path output = Files.createTempFile(dir, "run", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.put("PATH", bin + ":/usr/bin:/bin");
      env.put("HOME", home.toString());
      env.put("LC_ALL", "C");
      env.put("AWS_ENDPOINT_URL", moto.endpoint());
      MotoProcess.isolateAwsCli(env, dir);
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within 60 s");
      }
      return new RepositoryTools.Result(process.exitValue(), Files.readString(output));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void resetMoto() throws IOException {
    try {
      java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(moto.endpoint() + "/moto-api/reset"))
          .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

}
