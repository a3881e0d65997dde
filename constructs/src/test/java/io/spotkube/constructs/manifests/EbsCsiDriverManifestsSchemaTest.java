package io.spotkube.constructs.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotkube.constructs.bootstrap.KubernetesVersion;
import io.spotkube.constructs.testsupport.RepositoryTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EBS CSI driver's objects against the pinned Kubernetes schemas, as RuntimeManifestsSchemaTest checks the others. */
class EbsCsiDriverManifestsSchemaTest {

    private static final String KUBERNETES_VERSION = KubernetesVersion.latest().minor() + ".0";

    @TempDir
    Path dir;

    @Test
    void everyObjectIsValidForThePinnedKubernetesVersion() throws IOException {
        Path validator = RepositoryTools.venvTool("kubernetes-validate");
        Path file = Files.writeString(dir.resolve("ebs.yaml"), EbsCsiDriverManifests.renderYaml("spot-kops-cluster", 2));

        RepositoryTools.Result result = RepositoryTools.run(List.of(validator.toString(), "--kubernetes-version",
                KUBERNETES_VERSION, "--strict", file.toString()), 120);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("passed for resource deployment/ebs-csi-controller",
                "passed for resource daemonset/ebs-csi-node", "passed for resource csidriver/ebs.csi.aws.com",
                "passed for resource storageclass/gp3", "passed for resource poddisruptionbudget/ebs-csi-controller",
                "passed for resource clusterrole/ebs-csi-node-role", "passed for resource role/ebs-csi-leases-role");
    }
}
