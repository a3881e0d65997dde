package io.spotkube.runtime.bench;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** What a bare kube-apiserver needs before the benchmark: RBAC for the handler and pods that kwok runs. */
final class RealServerSetup {

  /** The user scripts/lib.sh gives the handler's token: API Priority and Fairness treats it as a pod's. */
  static final String HANDLER_USER = "system:serviceaccount:kube-system:spotkube";
  private static final String NAME = "spotkube-bench";

  private RealServerSetup() {
  }

  /**
   * Binds the handler's user to the same cluster rules as the runtime's shipped ClusterRole
   * (constructs' RuntimeManifests), so the benchmark also proves those rules are enough; and creates
   * the namespace's default ServiceAccount (no controller-manager runs here to create it, and
   * ServiceAccount admission refuses pods without it).
   */
  static void grantRuntimeRole(KubernetesClient admin, String namespace) {
    admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(NAME).endMetadata()
        .withRules(
            rule("", "nodes", "get", "list", "watch", "patch", "update"),
            rule("", "pods", "get", "list", "watch"),
            rule("", "pods/eviction", "create"),
            rule("policy", "poddisruptionbudgets", "list", "watch"),
            rule("", "persistentvolumeclaims", "list", "watch"),
            rule("", "persistentvolumes", "list", "watch"),
            rule("", "events", "create", "patch"))
        .build()).serverSideApply();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(NAME)
        .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", NAME)
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(HANDLER_USER).endSubject()
        .build()).serverSideApply();
    admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("default").withNamespace(namespace).endMetadata().build()).serverSideApply();
  }

  /** Waits until kwok reports every pod Running (nodes initialised, pods started), as before a real interruption. */
  static void awaitRunning(KubernetesClient admin, String namespace, int pods, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int running = 0;
    while (System.nanoTime() < deadline) {
      running = admin.pods().inNamespace(namespace).withField("status.phase", "Running").list().getItems().size();
      if (running >= pods) {
        return;
      }
      LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
    }
    throw new IllegalStateException("kwok ran " + running + " of " + pods + " pods within " + timeout);
  }

  private static io.fabric8.kubernetes.api.model.rbac.PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }
}
