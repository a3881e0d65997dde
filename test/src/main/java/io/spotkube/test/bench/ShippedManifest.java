package io.spotkube.test.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The runtime's add-on manifest as a commit's constructs synthesize it (scripts/lib-bench.sh copies
 * it out of that commit's cdk synth): its RBAC is what the jar runs under here, and its Deployment's
 * arguments are the ones the memory benchmark starts the jar with. Each commit runs with its own.
 */
final class ShippedManifest {

  private static final String RUNTIME = "spotkube-runtime";
  /** Applied as they are; the workloads are not (the harness runs the jar itself). */
  private static final Set<String> APPLIED_KINDS = Set.of("Namespace", "ServiceAccount", "ClusterRole",
      "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap");

  final Path file;
  private final List<HasMetadata> objects;

  private ShippedManifest(Path file, List<HasMetadata> objects) {
    this.file = file;
    this.objects = objects;
  }

  static ShippedManifest load(KubernetesClient client, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new ShippedManifest(file, client.load(in).items());
    }
  }

  /** The runtime Deployment's container arguments, placeholders ({@code {{QUEUE_URL}}}) left in. */
  List<String> deploymentArgs() {
    Deployment deployment = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .filter(d -> d.getMetadata().getName().equals(RUNTIME)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no Deployment " + RUNTIME + " in " + file));
    return List.copyOf(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
  }

  /** The cluster name the Deployment gives the runtime ({@code --cluster-name=}). */
  String clusterName() {
    return deploymentArgs().stream().filter(a -> a.startsWith("--cluster-name=")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no --cluster-name= in the Deployment of " + file))
        .substring("--cluster-name=".length());
  }

  ServiceAccount serviceAccount() {
    return objects.stream().filter(ServiceAccount.class::isInstance).map(ServiceAccount.class::cast).findFirst()
        .orElseThrow(() -> new IllegalStateException("no ServiceAccount in " + file));
  }

  /**
   * Applies the namespace, service account and RBAC (server-side apply, one field manager: rules
   * this commit no longer ships are removed, so each commit runs with exactly its own) and returns
   * a token of the service account.
   */
  String applyAndIssueToken(BenchKube kube) {
    List<HasMetadata> applied = objects.stream().filter(o -> APPLIED_KINDS.contains(o.getKind())).toList();
    for (HasMetadata object : applied) {
      kube.admin.resource(object).fieldManager("spotkube-bench").forceConflicts().serverSideApply();
    }
    ServiceAccount account = serviceAccount();
    return kube.serviceAccountToken(account.getMetadata().getNamespace(), account.getMetadata().getName());
  }
}
