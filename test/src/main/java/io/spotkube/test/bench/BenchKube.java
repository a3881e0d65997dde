package io.spotkube.test.bench;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real API server scripts/lib.sh started ({@code BENCH_K8S_URL}, {@code BENCH_K8S_ADMIN_TOKEN},
 * {@code BENCH_SERVER_PIDS}), and the identities used on it: the admin for set-up and observation,
 * a service-account token for whatever is measured.
 */
final class BenchKube {

  final String url;
  final String adminToken;
  final KubernetesClient admin;

  private BenchKube(String url, String adminToken) {
    this.url = url;
    this.adminToken = adminToken;
    this.admin = client(url, adminToken, 64);
  }

  static BenchKube fromEnvironment() {
    return new BenchKube(env("BENCH_K8S_URL"), env("BENCH_K8S_ADMIN_TOKEN"));
  }

  /** A plain fabric8 client; 64 concurrent requests, as many as the set-up threads need. */
  static KubernetesClient client(String url, String token, int maxRequests) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(url).withTrustCerts(true)
        .withOauthToken(token).withRequestTimeout(60_000).withMaxConcurrentRequests(maxRequests)
        .withMaxConcurrentRequestsPerHost(maxRequests).build()).build();
  }

  /**
   * A token of the ServiceAccount, as the kubelet would mount it (TokenRequest): the API server
   * authenticates it as {@code system:serviceaccount:NS:NAME} in the service-account groups, so RBAC
   * and API Priority and Fairness treat the holder as they would the runtime's pod.
   */
  String serviceAccountToken(String namespace, String name) {
    return admin.serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(new TokenRequestBuilder()
        .withNewSpec().withExpirationSeconds(24 * 3600L).endSpec().build()).getStatus().getToken();
  }

  /** A kubeconfig for {@code token} with {@code namespace} as its default, as the runtime reads KUBECONFIG. */
  Path writeKubeconfig(Path file, String token, String namespace) throws IOException {
    Files.writeString(file, String.format("""
        apiVersion: v1
        kind: Config
        clusters: [{name: bench, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: runtime, user: {token: "%s"}}]
        contexts: [{name: bench, context: {cluster: bench, user: runtime, namespace: %s}}]
        current-context: bench
        """, url, token, namespace));
    return file;
  }

  /** The server processes by name ({@code name=pid,...} from the script), for CPU accounting. */
  static Map<String, Long> serverPids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    String value = System.getenv("BENCH_SERVER_PIDS");
    if (value != null && !value.isBlank()) {
      for (String pair : value.split(",")) {
        String[] nameAndPid = pair.split("=", 2);
        pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1]));
      }
    }
    return pids;
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " must be set (the scripts set it after start_kube_server)");
    }
    return value;
  }
}
