package io.spotkube.constructs.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.cdk8s.App;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeManifestsTest {

    private static List<Map<String, Object>> tutorial;

    /** The seed tutorial's autoscaler: random expander, balancing, 2 m scale-down timings. */
    static RuntimeManifestsProps.Builder tutorialProps() {
        return RuntimeManifestsProps.builder()
                .imageUri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/spotkube-runtime:abc123")
                .clusterName("spot-kops-cluster")
                .region("eu-west-1")
                .queueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/spot-kops-cluster-interruptions")
                .expander("random")
                .balanceSimilarNodeGroups(true)
                .scaleDownEnabled(true)
                .scaleDownUnneededTime(Duration.ofMinutes(2))
                .scaleDownDelayAfterAdd(Duration.ofMinutes(2));
    }

    @BeforeAll
    static void renderTheTutorialManifests() {
        tutorial = objects(tutorialProps().build());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(RuntimeManifestsProps props) {
        App app = new App();
        RuntimeManifests chart = new RuntimeManifests(app, "runtime", props);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object object : chart.toJson()) {
            out.add((Map<String, Object>) object);
        }
        return out;
    }

    static Map<String, Object> kind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).findFirst().orElseThrow(
                () -> new AssertionError("no " + kind + " among " + objects.stream().map(o -> o.get("kind")).toList()));
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object object, String... path) {
        Object current = object;
        for (String step : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(step)) : ((Map<String, Object>) current).get(step);
        }
        return (T) current;
    }

    /** RBAC rules as "apiGroup/resource: verbs" lines. */
    static List<String> rules(Map<String, Object> role) {
        List<Map<String, Object>> rules = at(role, "rules");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            List<String> groups = at(rule, "apiGroups");
            List<String> resources = at(rule, "resources");
            List<String> verbs = at(rule, "verbs");
            assertThat(rule.get("resourceNames")).as("no named-resource rules expected").satisfiesAnyOf(
                    names -> assertThat(names).isNull(), names -> assertThat((List<?>) names).isEmpty());
            for (String group : groups) {
                for (String resource : resources) {
                    out.add(group + "/" + resource + ": " + String.join(",", verbs));
                }
            }
        }
        return out;
    }

    @Test
    void rendersEveryObjectTheRuntimeNeedsWithFixedNames() {
        assertThat(tutorial).extracting(o -> o.get("kind")).containsExactly("Namespace", "ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "PodDisruptionBudget", "NetworkPolicy");
        assertThat(tutorial).extracting(o -> at(o, "metadata", "name")).containsOnly("spotkube-system", "spotkube-runtime");
    }

    @Test
    void theClusterRoleGrantsExactlyTheVerbsTheRuntimeUses() {
        assertThat(rules(kind(tutorial, "ClusterRole"))).containsExactlyInAnyOrder(
                "/nodes: get,list,watch,patch,update",
                "/pods: get,list,watch",
                "/pods/eviction: create",
                "policy/poddisruptionbudgets: list,watch",
                "/persistentvolumeclaims: list,watch",
                "/persistentvolumes: list,watch",
                "/events: create,patch");
        assertThat(at(kind(tutorial, "ClusterRoleBinding"), "subjects", "0", "name").toString()).isEqualTo("spotkube-runtime");
    }

    @Test
    void theNamespacedRoleCoversLeasesAndTheStatusAndPriorityConfigMaps() {
        Map<String, Object> role = kind(tutorial, "Role");

        assertThat(at(role, "metadata", "namespace").toString()).isEqualTo("spotkube-system");
        assertThat(rules(role)).containsExactlyInAnyOrder(
                "coordination.k8s.io/leases: get,create,update,patch",
                "/configmaps: get,list,watch,create,update");
    }

    @Test
    void theDeploymentIsHardened() {
        Map<String, Object> pod = at(kind(tutorial, "Deployment"), "spec", "template", "spec");
        Map<String, Object> container = at(pod, "containers", "0");

        assertThat(at(kind(tutorial, "Deployment"), "spec", "replicas").toString()).isEqualTo("2");
        assertThat((Map<String, Object>) at(container, "securityContext")).containsEntry("runAsNonRoot", true)
                .containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("privileged", false).containsEntry("capabilities", Map.of("drop", List.of("ALL")));
        assertThat((Map<String, Object>) at(pod, "securityContext")).containsEntry("runAsNonRoot", true)
                .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat((Map<String, Object>) at(container, "resources", "requests")).containsEntry("cpu", "100m")
                .containsEntry("memory", "512Mi");
        assertThat((Map<String, Object>) at(container, "resources", "limits")).containsKeys("cpu", "memory");
        assertThat(at(container, "livenessProbe", "httpGet", "port").toString()).isEqualTo("8085");
        assertThat(at(container, "readinessProbe", "httpGet", "port").toString()).isEqualTo("8085");
        assertThat(pod).containsEntry("serviceAccountName", "spotkube-runtime").containsEntry("automountServiceAccountToken", true);
        assertThat(at(container, "volumeMounts", "0", "mountPath").toString()).as("a writable /tmp").isEqualTo("/tmp");
        assertThat(at(pod, "volumes", "0", "emptyDir").toString()).contains("sizeLimit");
    }

    @Test
    void theRuntimeRunsOnOnDemandNodesAndIsNeverEvictedByAnAutoscaler() {
        Map<String, Object> template = at(kind(tutorial, "Deployment"), "spec", "template");

        assertThat((Map<String, Object>) at(template, "spec", "nodeSelector")).containsExactly(
                Map.entry("kops.k8s.io/lifecycle", "OnDemand"));
        assertThat((Map<String, Object>) at(template, "metadata", "annotations"))
                .containsEntry("cluster-autoscaler.kubernetes.io/safe-to-evict", "false");
    }

    @Test
    void theRuntimeIsClusterCriticalAndItsReplicasNeverShareANode() {
        Map<String, Object> pod = at(kind(tutorial, "Deployment"), "spec", "template", "spec");

        assertThat(pod).containsEntry("priorityClassName", "system-cluster-critical");
        assertThat((List<Map<String, Object>>) at(pod, "topologySpreadConstraints")).contains(Map.of(
                "maxSkew", 1, "topologyKey", "kubernetes.io/hostname", "whenUnsatisfiable", "DoNotSchedule",
                "labelSelector", Map.of("matchLabels", Map.of(
                        "app.kubernetes.io/name", "spotkube-runtime", "app.kubernetes.io/part-of", "spotkube"))));
    }

    @Test
    void inThePodNetworkOnlyLabelledScrapersReachTheMetricsPort() {
        Map<String, Object> policy = kind(tutorial, "NetworkPolicy");

        assertThat((Map<String, Object>) at(policy, "spec", "podSelector", "matchLabels"))
                .containsEntry("app.kubernetes.io/name", "spotkube-runtime");
        assertThat((List<String>) at(policy, "spec", "policyTypes")).containsExactly("Ingress");
        assertThat((List<Object>) at(policy, "spec", "ingress")).containsExactly(Map.of(
                "from", List.of(Map.of("namespaceSelector", Map.of(),
                        "podSelector", Map.of("matchLabels", Map.of("spotkube.io/metrics-scraper", "true")))),
                "ports", List.of(Map.of("protocol", "TCP", "port", 8085))));
    }

    @Test
    void onTheControlPlaneTheRuntimeUsesTheHostNetworkAndServesOnLoopbackOnly() {
        List<Map<String, Object>> objects = objects(tutorialProps().onControlPlane(true).build());
        Map<String, Object> pod = at(kind(objects, "Deployment"), "spec", "template", "spec");
        Map<String, Object> container = at(pod, "containers", "0");

        assertThat(pod).containsEntry("hostNetwork", true).containsEntry("dnsPolicy", "Default")
                .containsEntry("nodeSelector", Map.of("node-role.kubernetes.io/control-plane", ""))
                .containsEntry("tolerations", List.of(Map.of(
                        "key", "node-role.kubernetes.io/control-plane", "operator", "Exists", "effect", "NoSchedule")));
        assertThat((List<Object>) at(container, "env")).contains(Map.of("name", "METRICS_ADDRESS", "value", "127.0.0.1"));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(at(container, probe, "httpGet", "host").toString()).as(probe).isEqualTo("127.0.0.1");
        }
        // A NetworkPolicy does not apply to host-network pods: none is shipped to suggest otherwise.
        assertThat(objects).extracting(o -> o.get("kind")).doesNotContain("NetworkPolicy");
    }

    @Test
    void theArgumentsCarryTheClusterTheQueueAndTheTutorialsFlags() {
        List<String> args = at(kind(tutorial, "Deployment"), "spec", "template", "spec", "containers", "0", "args");

        assertThat(args).first().isEqualTo("run");
        assertThat(args).contains(
                "--cluster-name=spot-kops-cluster",
                "--region=eu-west-1",
                "--queue-url=https://sqs.eu-west-1.amazonaws.com/123456789012/spot-kops-cluster-interruptions",
                "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/spot-kops-cluster",
                "--expander=random",
                "--balance-similar-node-groups=true",
                "--scale-down-enabled=true",
                "--scale-down-unneeded-time=2m",
                "--scale-down-delay-after-add=2m",
                "--managed-tag=aws-node-termination-handler/managed",
                "--namespace=spotkube-system",
                "--leader-elect-resource-name=spotkube-runtime",
                "--metrics-port=8085");
    }

    @Test
    void theDeploymentPullsWithTheRegistrySecretTheControlPlaneKeeps() {
        List<Map<String, Object>> secrets = at(kind(tutorial, "Deployment"), "spec", "template", "spec", "imagePullSecrets");

        assertThat(secrets).containsExactly(Map.of("name", "spotkube-registry"));
    }

    @Test
    void theDisruptionBudgetSelectsTheRuntimePods() {
        Map<String, Object> budget = kind(tutorial, "PodDisruptionBudget");
        Map<String, Object> podLabels = at(kind(tutorial, "Deployment"), "spec", "template", "metadata", "labels");

        assertThat(budget).containsEntry("apiVersion", "policy/v1");
        assertThat(at(budget, "spec", "maxUnavailable").toString()).isEqualTo("1");
        assertThat(podLabels).containsAllEntriesOf(at(budget, "spec", "selector", "matchLabels"));
    }

    @Test
    void theDeploymentDoesNotDependOnWhereTheChartIsBuilt() {
        App app = new App();
        Object elsewhere = new RuntimeManifests(new org.cdk8s.Chart(app, "other"), "somewhere-else", tutorialProps().build())
                .toJson().stream().filter(o -> "Deployment".equals(((Map<?, ?>) o).get("kind"))).findFirst().orElseThrow();

        assertThat(elsewhere).isEqualTo(kind(tutorial, "Deployment"));
        assertThat((Map<String, Object>) at(elsewhere, "spec", "selector", "matchLabels")).containsOnlyKeys(
                "app.kubernetes.io/name", "app.kubernetes.io/part-of");
    }

    @ParameterizedTest
    @CsvSource({"random, false", "least-waste, false", "priority, true", "'least-waste,priority', true"})
    void thePriorityExpanderConfigMapComesOnlyWithThatExpander(String expander, boolean expected) {
        RuntimeManifestsProps.Builder props = tutorialProps().expander(expander);
        if (expected) {
            props.priorities(Map.of(50, List.of(".*on-demand.*"), 10, List.of(".*spot.*", "it's\\.x")));
        }

        List<Map<String, Object>> objects = objects(props.build());

        assertThat(objects.stream().anyMatch(o -> "ConfigMap".equals(o.get("kind")))).isEqualTo(expected);
        if (expected) {
            Map<String, Object> configMap = kind(objects, "ConfigMap");
            assertThat(at(configMap, "metadata", "name").toString()).isEqualTo("cluster-autoscaler-priority-expander");
            assertThat(at(configMap, "data", "priorities").toString())
                    .isEqualTo("10:\n  - '.*spot.*'\n  - 'it''s\\.x'\n50:\n  - '.*on-demand.*'\n");
        }
    }

    @Test
    void renderingTwiceGivesTheSameYaml() {
        assertThat(RuntimeManifests.renderYaml(tutorialProps().build()))
                .isEqualTo(RuntimeManifests.renderYaml(tutorialProps().build()))
                .startsWith("apiVersion: v1\nkind: Namespace\n").contains("\n---\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "unknownExpander   | expander (cheapest): unknown expander cheapest; known: least-nodes, least-waste, most-pods, price, priority, random",
        "priorityAlone     | expander (priority) includes priority: set priorities",
        "prioritiesAlone   | priorities are set but expander (random) does not include priority",
        "badRegex          | Unclosed character class",
        "noReplicas        | replicas (0) must be positive",
        "noQueue           | queueUrl is required",
        "subSecond         | scanInterval (PT0.5S) must be a positive whole number of seconds",
        "badNamespace      | namespace (Spot_System) must be a DNS label"})
    void badPropsAreRejectedNamingTheField(String breaker, String message) {
        Map<String, UnaryOperator<RuntimeManifestsProps.Builder>> breakers = Map.of(
                "unknownExpander", b -> b.expander("cheapest"),
                "priorityAlone", b -> b.expander("priority"),
                "prioritiesAlone", b -> b.priorities(Map.of(1, List.of(".*"))),
                "badRegex", b -> b.expander("priority").priorities(Map.of(1, List.of("[spot"))),
                "noReplicas", b -> b.replicas(0),
                "noQueue", b -> b.queueUrl(" "),
                "subSecond", b -> b.scanInterval(Duration.ofMillis(500)),
                "badNamespace", b -> b.namespace("Spot_System"));

        assertThatThrownBy(() -> breakers.get(breaker).apply(tutorialProps()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
