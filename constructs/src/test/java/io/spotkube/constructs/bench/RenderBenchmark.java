package io.spotkube.constructs.bench;

import io.spotkube.constructs.bootstrap.BootstrapScript;
import io.spotkube.constructs.manifests.RuntimeManifests;
import io.spotkube.constructs.manifests.RuntimeManifestsProps;
import java.time.Duration;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * What the two renderers add to a synth: run by scripts/bench-render.sh in a fresh JVM.
 * Prints wall times (ms) for: the bootstrap user data (cold, then warm), aws-cdk-lib's
 * first use (the jsii kernel start every CDK app pays anyway), then the runtime's
 * manifests with cdk8s on top of it (cold, then warm), and the JVM's peak heap use.
 */
public final class RenderBenchmark {

    private RenderBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long start = System.nanoTime();
        render(BootstrapScript.Role.CONTROL_PLANE);
        render(BootstrapScript.Role.WORKER);
        report("bootstrap user data, both roles, cold", start, 1);
        start = System.nanoTime();
        int size = 0;
        for (int i = 0; i < rounds; i++) {
            size = render(BootstrapScript.Role.CONTROL_PLANE).length() + render(BootstrapScript.Role.WORKER).length();
        }
        report("bootstrap user data, both roles, warm (" + size + " chars)", start, rounds);

        start = System.nanoTime();
        App app = new App();
        new Stack(app, "Bench");
        report("aws-cdk-lib first use (jsii kernel start)", start, 1);

        start = System.nanoTime();
        String yaml = RuntimeManifests.renderYaml(props());
        report("runtime manifests, cdk8s cold (after aws-cdk-lib)", start, 1);
        start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            yaml = RuntimeManifests.renderYaml(props());
        }
        report("runtime manifests, warm (" + yaml.length() + " chars)", start, rounds);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("%-55s %8d MiB%n", "JVM heap in use at the end", (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    }

    private static String render(BootstrapScript.Role role) {
        return BootstrapScript.builder().clusterName("spot-kops-cluster.k8s.local").role(role)
                .apiEndpoint("${Token[TOKEN.1]}").ssmParameterPrefix("/spotkube/spot-kops-cluster")
                .stateBucketName("${Token[TOKEN.2]}").region("eu-west-1")
                .nodeLabel("kops.k8s.io/lifecycle", "Spot").build().render();
    }

    private static RuntimeManifestsProps props() {
        return RuntimeManifestsProps.builder().imageUri("{{SPOTKUBE_IMAGE_URI}}").clusterName("spot-kops-cluster")
                .region("eu-west-1").queueUrl("{{SPOTKUBE_QUEUE_URL}}").expander("random")
                .scaleDownUnneededTime(Duration.ofMinutes(2)).scaleDownDelayAfterAdd(Duration.ofMinutes(2)).build();
    }

    private static void report(String what, long startNanos, int rounds) {
        System.out.printf("%-55s %8.1f ms%n", what, (System.nanoTime() - startNanos) / 1e6 / rounds);
    }
}
