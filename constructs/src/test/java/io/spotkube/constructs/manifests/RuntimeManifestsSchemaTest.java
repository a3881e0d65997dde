package io.spotkube.constructs.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.bootstrap.KubernetesVersion;
import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests against the Kubernetes API schemas of the pinned version, offline, with the
 * PyPI package kubernetes-validate (pinned in scripts/requirements-test.txt), strict mode.
 */
class RuntimeManifestsSchemaTest {

    /** The schema version: the minor the bootstrap installs by default. */
    private static final String KUBERNETES_VERSION = KubernetesVersion.latest().minor() + ".0";

    @TempDir
    Path dir;

    private RepositoryTools.Result validate(String yaml) throws IOException {
        Path validator = RepositoryTools.venvTool("kubernetes-validate");
        Path file = Files.writeString(dir.resolve("runtime.yaml"), yaml);
        return RepositoryTools.run(List.of(validator.toString(), "--kubernetes-version", KUBERNETES_VERSION,
                "--strict", file.toString()), 120);
    }

    @Test
    void everyObjectIsValidForThePinnedKubernetesVersion() throws IOException {
        String yaml = RuntimeManifests.renderYaml(RuntimeManifestsTest.tutorialProps()
                .expander("priority,random").priorities(Map.of(10, List.of(".*spot.*"))).build());

        RepositoryTools.Result result = validate(yaml);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed for resource deployment/spotkube-runtime",
                "passed for resource poddisruptionbudget/spotkube-runtime",
                "passed for resource configmap/cluster-autoscaler-priority-expander",
                "passed for resource clusterrole/spotkube-runtime",
                "passed for resource networkpolicy/spotkube-runtime");
    }

    @Test
    void theControlPlaneVariantIsValidForThePinnedKubernetesVersion() throws IOException {
        RepositoryTools.Result result = validate(RuntimeManifests.renderYaml(RuntimeManifestsTest.tutorialProps()
                .onControlPlane(true).nodeCredentialRoleNames("spot-nodes,ondemand-nodes").build()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed for resource deployment/spotkube-runtime");
    }

    @Test
    void theCloudControllerManagerIsValidForThePinnedKubernetesVersion() throws IOException {
        RepositoryTools.Result result = validate(CloudControllerManagerManifests.renderYaml("spot-kops-cluster"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed for resource daemonset/aws-cloud-controller-manager",
                "passed for resource clusterrole/system:cloud-controller-manager",
                "passed for resource rolebinding/cloud-controller-manager:apiserver-authentication-reader",
                "passed for resource configmap/aws-cloud-config");
    }

    @Test
    void theHeadroomIsValidForThePinnedKubernetesVersion() throws IOException {
        RepositoryTools.Result result = validate(HeadroomManifests.renderYaml("spotkube-headroom-web", -1, "500m", "1Gi", 2,
                List.of("eu-west-1a")));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed for resource priorityclass/spotkube-headroom-web",
                "passed for resource deployment/spotkube-headroom-web-eu-west-1a");
    }

    @Test
    void theNvidiaDevicePluginIsValidForThePinnedKubernetesVersion() throws IOException {
        String yaml = NvidiaDevicePluginManifests.renderYaml();
        RepositoryTools.Result result = validate(yaml);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed for resource daemonset/nvidia-device-plugin-daemonset");
        assertThat(yaml).contains("image: " + NvidiaDevicePluginManifests.IMAGE, "key: k8s.amazonaws.com/accelerator");
    }

    @Test
    void theValidatorRejectsAnInvalidObject() throws IOException {
        String yaml = RuntimeManifests.renderYaml(RuntimeManifestsTest.tutorialProps().build())
                .replace("replicas: 2", "replicas: two");

        RepositoryTools.Result result = validate(yaml);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("spec.replicas: 'two' is not of type 'integer'");
    }
}
