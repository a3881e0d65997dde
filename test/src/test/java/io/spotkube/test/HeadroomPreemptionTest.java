package io.spotkube.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.spotkube.constructs.manifests.HeadroomManifests;
import io.spotkube.runtime.adapters.kubernetes.KubernetesObjects;
import io.spotkube.runtime.model.Node;
import io.spotkube.runtime.scaling.AutoscalingOptions;
import io.spotkube.runtime.scaling.ClusterSnapshot;
import io.spotkube.runtime.scaling.NodeGroup;
import io.spotkube.runtime.scaling.NodeTemplate;
import io.spotkube.runtime.scaling.Plan;
import io.spotkube.runtime.scaling.planner.ScalingPlanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Overprovisioning end to end on a real control plane: etcd, kube-apiserver, kube-controller-manager
 * (the Deployment's ReplicaSet recreates a preempted pause pod) and kube-scheduler (which preempts
 * it), built by scripts/build-kubernetes.sh into ~/.cache/spotkube (skipped when absent). The shipped
 * headroom manifest ({@link HeadroomManifests}) holds a node; a real pod preempts its pause pod; the
 * planner, reading the live objects through the runtime's converter, scales up for the pause pod.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadroomPreemptionTest {

  private static final Path KUBE = Path.of(System.getProperty("user.home"), ".cache", "spotkube", "kube-v1.33.1");
  private static final Path ETCD = Path.of("/usr/bin/etcd");
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** Kept after the run: the components' logs are what explains a failure. */
  private Path dir;

  private final List<Process> processes = new ArrayList<>();
  private boolean passed;
  private KubernetesClient admin;

  @BeforeAll
  void startControlPlane() throws Exception {
    assumeTrue(Files.isExecutable(KUBE.resolve("kube-apiserver")) && Files.isExecutable(ETCD),
        "needs the Kubernetes binaries of scripts/build-kubernetes.sh and etcd");
    dir = Files.createTempDirectory("spotkube-headroom-e2e");
    String token = "admin-" + UUID.randomUUID();
    Files.writeString(dir.resolve("tokens.csv"), token + ",admin,admin,\"system:masters\"\n");
    Path certs = Files.createDirectories(dir.resolve("certs"));
    run("openssl", "genrsa", "-out", certs.resolve("sa.key").toString(), "2048");
    run("openssl", "rsa", "-in", certs.resolve("sa.key").toString(), "-pubout", "-out", certs.resolve("sa.pub").toString());
    int etcdPort = freePort();
    int apiPort = freePort();
    start("etcd", ETCD.toString(), "--data-dir", dir.resolve("etcd").toString(),
        "--listen-client-urls", "http://127.0.0.1:" + etcdPort, "--advertise-client-urls", "http://127.0.0.1:" + etcdPort,
        "--listen-peer-urls", "http://127.0.0.1:" + freePort());
    start("kube-apiserver", KUBE.resolve("kube-apiserver").toString(), "--etcd-servers", "http://127.0.0.1:" + etcdPort,
        "--bind-address", "127.0.0.1", "--secure-port", Integer.toString(apiPort), "--cert-dir", certs.toString(),
        "--token-auth-file", dir.resolve("tokens.csv").toString(), "--authorization-mode", "RBAC",
        "--service-account-issuer", "https://kubernetes.default.svc",
        "--service-account-key-file", certs.resolve("sa.pub").toString(),
        "--service-account-signing-key-file", certs.resolve("sa.key").toString(),
        "--service-cluster-ip-range", "10.96.0.0/16", "--advertise-address", "127.0.0.1");
    String url = "https://127.0.0.1:" + apiPort;
    admin = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(url).withTrustCerts(true)
        .withOauthToken(token).build()).build();
    await("kube-apiserver ready", () -> {
      try {
        return admin.getKubernetesVersion() != null && admin.namespaces().withName("kube-system").get() != null;
      } catch (RuntimeException notYet) {
        return false;
      }
    });
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), String.format("""
        apiVersion: v1
        kind: Config
        clusters: [{name: e2e, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: admin, user: {token: "%s"}}]
        contexts: [{name: e2e, context: {cluster: e2e, user: admin}}]
        current-context: e2e
        """, url, token));
    // No kubelet runs: node lifecycle would taint the node unreachable, so that controller stays off.
    start("kube-controller-manager", KUBE.resolve("kube-controller-manager").toString(), "--kubeconfig",
        kubeconfig.toString(), "--leader-elect=false", "--secure-port", "0", "--use-service-account-credentials=false",
        "--controllers", "deployment,replicaset");
    start("kube-scheduler", KUBE.resolve("kube-scheduler").toString(), "--kubeconfig", kubeconfig.toString(),
        "--authentication-kubeconfig", kubeconfig.toString(), "--authorization-kubeconfig", kubeconfig.toString(),
        "--leader-elect=false", "--secure-port", "0");
  }

  @AfterAll
  void stop() {
    if (admin != null) {
      admin.close();
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroy();
      try {
        processes.get(i).waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (passed && dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // Only a temporary directory left behind.
      }
    }
  }

  @Test
  void aRealPodPreemptsThePausePodAndThePlannerScalesUpForIt() {
    for (String namespace : List.of("kube-system", "default")) {
      admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
          .withName("default").withNamespace(namespace).endMetadata().build()).serverSideApply();
    }
    admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1")
        .addToLabels("kubernetes.io/hostname", "n1").endMetadata().build()).create();
    admin.nodes().withName("n1").editStatus(node -> new NodeBuilder(node).editOrNewStatus()
        .withAllocatable(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"), "pods", new Quantity("110")))
        .withCapacity(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"), "pods", new Quantity("110")))
        .withConditions(new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
            .build()).endStatus().build());
    // The API server's TaintNodesByCondition admission taints a new node not-ready; node lifecycle
    // (off here, no kubelet heartbeats) would lift it once Ready.
    admin.nodes().withName("n1").edit(node -> new NodeBuilder(node).editSpec().withTaints(List.of()).endSpec().build());

    // What addHeadroom ships: priority -1, one 1500m pause pod.
    String yaml = HeadroomManifests.renderYaml("spotkube-headroom-e2e", -1, "1500m", "512Mi", 1, List.of());
    admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).serverSideApply();
    await("the pause pod bound to n1", () -> pausePods().stream().anyMatch(pod -> "n1".equals(pod.getSpec().getNodeName())));

    admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("real").withNamespace("default")
        .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
        .withNewResources().withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("256Mi")))
        .endResources().endContainer().endSpec().build()).create();
    await("the real pod bound to n1 and a pause pod pending, marked unschedulable", () ->
        "n1".equals(admin.pods().inNamespace("default").withName("real").get().getSpec().getNodeName())
            && pausePods().stream().anyMatch(pod -> KubernetesObjects.pod(pod).isPending()
                && KubernetesObjects.pod(pod).consideredForScaling()));

    Plan plan = ScalingPlanner.plan(liveSnapshot(AutoscalingOptions.defaults()));

    assertThat(plan.scaleUp()).hasSize(1);
    assertThat(plan.scaleUp().get(0).nodeGroup()).isEqualTo("ng");
    assertThat(plan.scaleUp().get(0).podsHelped()).singleElement().asString().startsWith("kube-system/spotkube-headroom-e2e-");
    // Below the cutoff (here raised above -1) the same pause pod is expendable: no scale-up.
    assertThat(ScalingPlanner.plan(liveSnapshot(AutoscalingOptions.builder().expendablePodsPriorityCutoff(0).build()))
        .scaleUp()).isEmpty();
    passed = true;
  }

  private List<Pod> pausePods() {
    return admin.pods().inNamespace("kube-system").withLabel("app.kubernetes.io/component", "headroom").list().getItems();
  }

  /** The snapshot the controller would build: the live node in group ng (template = its allocatable), the live pods. */
  private ClusterSnapshot liveSnapshot(AutoscalingOptions options) {
    List<Node> nodes = admin.nodes().list().getItems().stream().map(KubernetesObjects::node)
        .map(node -> node.withNodeGroup("ng")).toList();
    List<io.spotkube.runtime.model.Pod> pods = admin.pods().inAnyNamespace().list().getItems().stream()
        .map(KubernetesObjects::pod).filter(io.spotkube.runtime.model.Pod::consideredForScaling).toList();
    NodeGroup group = new NodeGroup("ng", 0, 5, nodes.size(), List.of("m5.large"), 0, false,
        new NodeTemplate(nodes.get(0).allocatable(), Map.of(), List.of()));
    return new ClusterSnapshot(options, List.of(group), nodes, pods, List.of());
  }

  private void await(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
    throw new AssertionError("not within " + WAIT + ": " + what + "; logs in " + dir);
  }

  private void start(String name, String... command) throws IOException {
    processes.add(new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start());
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
