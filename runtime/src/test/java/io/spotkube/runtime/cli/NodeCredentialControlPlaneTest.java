package io.spotkube.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.spotkube.runtime.adapters.aws.AwsClients;
import io.spotkube.runtime.observability.CallTimer;
import io.spotkube.runtime.observability.MetricsRegistry;
import io.spotkube.runtime.ports.ClusterOwnership;
import io.spotkube.runtime.testing.Await;
import io.spotkube.runtime.testing.MotoServer;
import io.spotkube.runtime.testing.PresignedStsStandIn;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Node credentials end to end with real components: moto (IAM roles, EC2 instances with the cluster's
 * tags, STS AssumeRole giving each "instance" the credentials EC2 would), the real AWS CLI presigning
 * the token ({@code aws eks get-token}), openssl making the node's key and CSR, the runtime's server as
 * {@code run} wires it, and a real kube-apiserver and kube-controller-manager (csrsigning with the
 * cluster CA) from scripts/build-kubernetes.sh (skipped when absent). The runtime talks to the API server
 * with only the RBAC rules the shipped manifest grants for this. moto cannot answer a presigned
 * GetCallerIdentity: {@link PresignedStsStandIn} checks the signature as STS does and asks moto who the key is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeCredentialControlPlaneTest {

  private static final Path KUBE = Path.of(System.getProperty("user.home"), ".cache", "spotkube", "kube-v1.33.1");
  private static final Path ETCD = Path.of("/usr/bin/etcd");
  private static final Path AWS = Path.of(System.getProperty("spotkube.root", ".."), ".venv", "bin", "aws")
      .toAbsolutePath().normalize();
  private static final String REGION = "eu-west-1";
  private static final String CLUSTER = "spot";
  private static final String CLUSTER_ID = "stack-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> AWS_PROPERTIES = Map.of("aws.accessKeyId", "test", "aws.secretAccessKey",
      "test");

  private Path dir;
  private final List<Process> processes = new ArrayList<>();
  private boolean passed = true;
  private String apiUrl;
  private KubernetesClient admin;
  private MotoServer moto;
  private PresignedStsStandIn sts;
  private SharedCluster shared;
  private NodeCredentialServiceFactory.Service server;
  private final Map<String, Instance> instances = new HashMap<>();

  /** One moto instance and the credentials its role gives it. */
  record Instance(String id, String name, Map<String, String> credentials) {
  }

  @BeforeAll
  void start() throws Exception {
    assumeTrue(Files.isExecutable(KUBE.resolve("kube-apiserver")) && Files.isExecutable(ETCD)
        && Files.isExecutable(KUBE.resolve("kubectl")), "needs the Kubernetes binaries of scripts/build-kubernetes.sh");
    assumeTrue(Files.isExecutable(AWS), "needs the AWS CLI in .venv");
    long started = System.nanoTime();
    dir = Files.createTempDirectory("spotkube-node-credentials");
    startControlPlane();
    moto = MotoServer.start();
    sts = PresignedStsStandIn.inFrontOf(moto);
    awsAdmin("iam", "create-role", "--role-name", "spot-nodes", "--assume-role-policy-document", TRUST_EC2);
    awsAdmin("iam", "create-role", "--role-name", "ci-deployer", "--assume-role-policy-document", TRUST_EC2);
    String owned = "ResourceType=instance,Tags=[{Key=kubernetes.io/cluster/" + CLUSTER + ",Value=owned},"
        + "{Key=spotkube.io/cluster-id,Value=" + CLUSTER_ID + "}]";
    launch("a", "spot-nodes", owned);
    launch("b", "spot-nodes", owned);
    launch("foreign", "spot-nodes", "ResourceType=instance,Tags=[{Key=kubernetes.io/cluster/other,Value=owned}]");
    instances.put("a-as-ci", new Instance(instances.get("a").id(), instances.get("a").name(),
        assumeRole("ci-deployer", instances.get("a").id())));

    // The runtime: its client from a kubeconfig (token of a user with the manifest's rules, the cluster CA).
    Path kubeconfig = kubeconfig("runtime-token");
    Map<String, String> properties = Map.of("kubeconfig", kubeconfig.toString(), "kubernetes.auth.tryServiceAccount",
        "false");
    properties.forEach(System::setProperty);
    // The SDK reads its credentials at the first call: these stay until the end (moto's admin keys).
    AWS_PROPERTIES.forEach(System::setProperty);
    try {
      shared = new SharedCluster(CallTimer.NONE, false);
      shared.start();
      server = NodeCredentialServiceFactory.create(new NodeCredentialOptions("127.0.0.1", 0, Set.of("spot-nodes"),
          sts.endpoint()), AwsClients.create(REGION, moto.endpoint()), new MetricsRegistry(), shared,
          new ClusterOwnership(CLUSTER, CLUSTER_ID));
      server.start();
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
    System.err.printf("node credentials: control plane, moto and server up in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  void stop() throws IOException {
    AWS_PROPERTIES.keySet().forEach(System::clearProperty);
    if (server != null) {
      server.close();
    }
    if (shared != null) {
      shared.close();
    }
    if (sts != null) {
      sts.close();
    }
    if (moto != null) {
      moto.close();
    }
    if (admin != null) {
      admin.close();
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroy();
      try {
        processes.get(i).waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (passed && dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void aNodeGetsACertificateForItsOwnNameThatTheApiServerAuthenticatesAsThatNode() throws Exception {
    Instance a = instances.get("a");
    Path key = key("a-own");
    String csr = csr(key, a.name());

    HttpResponse<String> response = post(csr, token(a, csr));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    Path certificate = Files.writeString(dir.resolve("a-own.crt"), body.get("certificate").asText());
    assertThat(run(List.of("openssl", "x509", "-in", certificate.toString(), "-noout", "-subject"), Map.of()))
        .contains("O = system:nodes, CN = system:node:" + a.name());
    assertThat(body.get("ca").asText()).isEqualTo(Files.readString(dir.resolve("certs/ca.crt")));
    // The API server says who the certificate is: the node, in the nodes group.
    String whoami = run(List.of(KUBE.resolve("kubectl").toString(), "--kubeconfig", Files.writeString(
        dir.resolve("empty-kubeconfig"), "").toString(), "--server", apiUrl, "--certificate-authority",
        dir.resolve("certs/ca.crt").toString(), "--client-certificate", certificate.toString(), "--client-key",
        key.toString(), "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}"),
        Map.of());
    assertThat(whoami).startsWith("system:node:" + a.name() + " ").contains("system:nodes");
    CertificateSigningRequest approved = admin.certificates().v1().certificateSigningRequests().list().getItems().stream()
        .filter(each -> each.getMetadata().getName().startsWith("node-credential-" + a.id() + "-")).findFirst()
        .orElseThrow();
    assertThat(approved.getStatus().getConditions()).anySatisfy(condition -> {
      assertThat(condition.getType()).isEqualTo("Approved");
      assertThat(condition.getReason()).isEqualTo("SpotkubeNodeCredential");
      assertThat(condition.getMessage()).contains(a.id(), a.name());
    });
    assertThat(server.metrics().answered("issued")).isPositive();
  }

  @Test
  void aNodeAskingForAnotherInstancesNameIsRefusedAndNothingIsApproved() throws Exception {
    Instance a = instances.get("a");
    Instance b = instances.get("b");
    String csr = csr(key("a-as-b"), b.name());
    Set<String> before = requestNames();

    HttpResponse<String> response = post(csr, token(a, csr));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(error(response)).isEqualTo("CSR names system:node:" + b.name() + " but EC2 says instance " + a.id()
        + " is " + a.name());
    assertThat(requestNames()).isEqualTo(before);
  }

  @Test
  void aTokenReplayedWithAnotherCsrIsRefusedBySts() throws Exception {
    Instance a = instances.get("a");
    String signed = csr(key("a-signed"), a.name());
    String other = csr(key("a-other"), a.name());
    Set<String> before = requestNames();

    HttpResponse<String> response = post(other, token(a, signed));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(error(response)).startsWith("STS did not accept the token (403 SignatureDoesNotMatch)");
    assertThat(requestNames()).isEqualTo(before);
  }

  @Test
  void anInstanceNotOwnedByTheClusterIsRefused() throws Exception {
    Instance foreign = instances.get("foreign");
    String csr = csr(key("foreign"), foreign.name());

    HttpResponse<String> response = post(csr, token(foreign, csr));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(error(response)).startsWith("instance " + foreign.id() + " is not owned by cluster " + CLUSTER);
  }

  @Test
  void anotherRolesSessionNamedAfterAnInstanceIsRefused() throws Exception {
    Instance impostor = instances.get("a-as-ci");
    String csr = csr(key("a-as-ci"), impostor.name());

    HttpResponse<String> response = post(csr, token(impostor, csr));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(error(response)).isEqualTo("token: signed by role ci-deployer, which is not a node role of this cluster");
  }

  /**
   * The worker's own boot functions, as the user data ships them (constructs' node-credential.sh),
   * against this server: key, CSR, token, request, the checks of the answer, the discovery
   * kubeconfig kubeadm joins with; the API server takes that kubeconfig's credential as the node.
   * Only the port differs (the script's 3988 is this server's free port), and log/fail are one-liners.
   */
  @Test
  void theWorkersBootFunctionsGetACertificateTheApiServerTakesAsThatNode() throws Exception {
    Instance b = instances.get("b");
    Path secrets = Files.createDirectories(dir.resolve("b-boot"));
    Files.writeString(secrets.resolve("ca-cert-hash"), caCertHash()); // what the worker reads from SSM
    Path script = Files.writeString(dir.resolve("node-credential.sh"), Files.readString(Path.of(
        System.getProperty("spotkube.root", ".."), "constructs/src/main/resources/io/spotkube/constructs/bootstrap",
        "node-credential.sh")).replace(":3988/", ":" + server.port() + "/"));
    Map<String, String> env = new HashMap<>(b.credentials());
    env.putAll(Map.of("PATH", AWS.getParent() + ":" + System.getenv("PATH"), "API_ENDPOINT", "127.0.0.1",
        "SECRET_DIR", secrets.toString(), "NODE_NAME", b.name(), "INSTANCE_REGION", REGION, "CLUSTER_NAME", CLUSTER,
        "JOIN_WAIT_ATTEMPTS", "3", "SSM_PREFIX", "/spotkube/" + CLUSTER,
        "AWS_CONFIG_FILE", dir.resolve("no-config").toString(),
        "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString()));

    run(List.of("bash", "-c", "set -euo pipefail; log() { echo \"$*\" >&2; }; fail() { echo \"FAIL $*\" >&2; exit 1; }; "
        + "secrets_begin() { :; }; secrets_end() { :; }; source \"$0\"; request_node_credential; write_discovery_kubeconfig",
        script.toString()), env);

    String whoami = run(List.of(KUBE.resolve("kubectl").toString(), "--kubeconfig",
        secrets.resolve("discovery.conf").toString(), "--server", apiUrl, "auth", "whoami", "-o",
        "jsonpath={.status.userInfo.username} {.status.userInfo.groups}"), Map.of());
    assertThat(whoami).startsWith("system:node:" + b.name() + " ").contains("system:nodes");
  }

  /** kubeadm's ca-cert-hash of the cluster CA: SHA-256 of its DER SubjectPublicKeyInfo. */
  private String caCertHash() throws Exception {
    try (var in = Files.newInputStream(dir.resolve("certs/ca.crt"))) {
      var ca = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
      return "sha256:" + java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded()));
    }
  }

  // --- the node's side: openssl and the AWS CLI, as the node's bootstrap script runs them

  private Path key(String name) throws Exception {
    Path key = dir.resolve(name + ".key");
    run(List.of("openssl", "genrsa", "-out", key.toString(), "2048"), Map.of());
    return key;
  }

  private String csr(Path key, String nodeName) throws Exception {
    return run(List.of("openssl", "req", "-new", "-key", key.toString(), "-subj",
        "/O=system:nodes/CN=system:node:" + nodeName), Map.of());
  }

  /** {@code aws eks get-token} for the CSR's hash ({@code sha256sum}), with the instance's credentials only. */
  private String token(Instance instance, String csr) throws Exception {
    Path file = Files.writeString(dir.resolve("hash-" + UUID.randomUUID() + ".csr"), csr);
    String hash = run(List.of("sha256sum", file.toString()), Map.of()).split(" ")[0];
    Map<String, String> env = new HashMap<>(instance.credentials());
    env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    return run(List.of(AWS.toString(), "eks", "get-token", "--cluster-name", hash, "--region", REGION, "--query",
        "status.token", "--output", "text"), env).strip();
  }

  private HttpResponse<String> post(String csr, String token) throws Exception {
    String body = JSON.writeValueAsString(Map.of("csr", csr, "token", token));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/node-credential/v1")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(90))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body()).get("error").asText();
  }

  private Set<String> requestNames() {
    return admin.certificates().v1().certificateSigningRequests().list().getItems().stream()
        .map(each -> each.getMetadata().getName()).collect(Collectors.toSet());
  }

  // --- moto: roles, instances, and the credentials EC2 would give each instance

  private static final String TRUST_EC2 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

  private void launch(String name, String role, String tags) throws Exception {
    String image = JSON.readTree(awsAdmin("ec2", "describe-images")).get("Images").get(0).get("ImageId").asText();
    JsonNode instance = JSON.readTree(awsAdmin("ec2", "run-instances", "--image-id", image, "--count", "1",
        "--instance-type", "m5.large", "--tag-specifications", tags)).get("Instances").get(0);
    String id = instance.get("InstanceId").asText();
    instances.put(name, new Instance(id, instance.get("PrivateDnsName").asText(), assumeRole(role, id)));
  }

  /** What EC2 gives an instance profile's role: a session named by the instance id. */
  private Map<String, String> assumeRole(String role, String sessionName) throws Exception {
    JsonNode credentials = JSON.readTree(awsAdmin("sts", "assume-role", "--role-arn",
        "arn:aws:iam::123456789012:role/" + role, "--role-session-name", sessionName)).get("Credentials");
    sts.knowCredentials(credentials.get("AccessKeyId").asText(), credentials.get("SecretAccessKey").asText());
    return Map.of("AWS_ACCESS_KEY_ID", credentials.get("AccessKeyId").asText(), "AWS_SECRET_ACCESS_KEY",
        credentials.get("SecretAccessKey").asText(), "AWS_SESSION_TOKEN", credentials.get("SessionToken").asText());
  }

  private String awsAdmin(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", moto.endpoint().toString(),
        "--region", REGION, "--output", "json"));
    command.addAll(List.of(args));
    return run(command, Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
        "AWS_CONFIG_FILE", dir.resolve("no-config").toString(),
        "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString()));
  }

  // --- the control plane: the cluster CA signs the API server's certificate and, in csrsigning, the nodes'

  private void startControlPlane() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    String ca = certs.resolve("ca").toString();
    run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out", ca + ".crt",
        "-subj", "/CN=spotkube-test-ca", "-days", "1"), Map.of());
    String server = certs.resolve("apiserver").toString();
    run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", server + ".key", "-out", server + ".csr",
        "-subj", "/CN=kube-apiserver"), Map.of());
    Path extensions = Files.writeString(certs.resolve("apiserver.ext"), "subjectAltName=IP:127.0.0.1\n");
    run(List.of("openssl", "x509", "-req", "-in", server + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
        "-CAcreateserial", "-out", server + ".crt", "-days", "1", "-extfile", extensions.toString()), Map.of());
    run(List.of("openssl", "genrsa", "-out", certs.resolve("sa.key").toString(), "2048"), Map.of());
    run(List.of("openssl", "rsa", "-in", certs.resolve("sa.key").toString(), "-pubout", "-out",
        certs.resolve("sa.pub").toString()), Map.of());
    Files.writeString(dir.resolve("tokens.csv"), "admin-token,admin,admin,\"system:masters\"\n"
        + "runtime-token,spotkube-runtime,runtime\n");
    int etcdPort = freePort();
    int apiPort = freePort();
    start("etcd", ETCD.toString(), "--data-dir", dir.resolve("etcd").toString(),
        "--listen-client-urls", "http://127.0.0.1:" + etcdPort, "--advertise-client-urls", "http://127.0.0.1:" + etcdPort,
        "--listen-peer-urls", "http://127.0.0.1:" + freePort());
    start("kube-apiserver", KUBE.resolve("kube-apiserver").toString(), "--etcd-servers", "http://127.0.0.1:" + etcdPort,
        "--bind-address", "127.0.0.1", "--secure-port", Integer.toString(apiPort),
        "--tls-cert-file", server + ".crt", "--tls-private-key-file", server + ".key", "--client-ca-file", ca + ".crt",
        "--token-auth-file", dir.resolve("tokens.csv").toString(), "--authorization-mode", "Node,RBAC",
        "--service-account-issuer", "https://kubernetes.default.svc",
        "--service-account-key-file", certs.resolve("sa.pub").toString(),
        "--service-account-signing-key-file", certs.resolve("sa.key").toString(),
        "--service-cluster-ip-range", "10.96.0.0/16", "--advertise-address", "127.0.0.1");
    apiUrl = "https://127.0.0.1:" + apiPort;
    admin = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(apiUrl)
        .withCaCertFile(ca + ".crt").withOauthToken("admin-token").build()).build();
    Await.until(Duration.ofSeconds(120), "kube-apiserver ready (logs in " + dir + ")", () -> {
      try {
        return admin.namespaces().withName("kube-system").get() != null;
      } catch (RuntimeException notYet) {
        return false;
      }
    });
    // The rules RuntimeManifests grants the runtime for node credentials, and reading Nodes.
    admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("node-credentials")
        .endMetadata().withRules(
            new PolicyRuleBuilder().withApiGroups("certificates.k8s.io").withResources("certificatesigningrequests")
                .withVerbs("create", "get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("certificates.k8s.io")
                .withResources("certificatesigningrequests/approval").withVerbs("update").build(),
            new PolicyRuleBuilder().withApiGroups("certificates.k8s.io").withResources("signers")
                .withResourceNames("kubernetes.io/kube-apiserver-client-kubelet").withVerbs("approve").build(),
            new PolicyRuleBuilder().withApiGroups("").withResources("nodes").withVerbs("get").build())
        .build()).create();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName("node-credentials").endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole",
            "node-credentials").addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User")
        .withName("spotkube-runtime").endSubject().build()).create();
    start("kube-controller-manager", KUBE.resolve("kube-controller-manager").toString(), "--kubeconfig",
        kubeconfig("admin-token").toString(), "--leader-elect=false", "--secure-port", "0",
        "--use-service-account-credentials=false", "--controllers", "csrsigning",
        "--cluster-signing-cert-file", ca + ".crt", "--cluster-signing-key-file", ca + ".key");
  }

  private Path kubeconfig(String token) throws IOException {
    String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("certs/ca.crt")));
    return Files.writeString(dir.resolve(token + ".kubeconfig"), String.format("""
        apiVersion: v1
        kind: Config
        clusters: [{name: test, cluster: {server: "%s", certificate-authority-data: "%s"}}]
        users: [{name: user, user: {token: "%s"}}]
        contexts: [{name: test, context: {cluster: test, user: user}}]
        current-context: test
        """, apiUrl, caData, token));
  }

  private void start(String name, String... command) throws IOException {
    processes.add(new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start());
  }

  /** Runs a command to its end; its stdout, or an AssertionError with its output. */
  private String run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (!env.isEmpty()) {
      String path = System.getenv("PATH");
      builder.environment().clear();
      builder.environment().put("PATH", path);
      builder.environment().putAll(env);
    }
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process = builder.redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      passed = false;
      throw new AssertionError(command.get(0) + " " + command.get(1) + " failed: " + out + Files.readString(err));
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
