package io.spotkube.apps;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The default app of {@code cdk.json}: the kOps Spot tutorial's cluster and the EKS guide's. */
public final class SpotTutorialApp {

  private SpotTutorialApp() {
  }

  public static void main(String[] args) {
    App app = new App(deterministic());
    try {
      build(app);
    } catch (IllegalArgumentException e) {
      // A bad context value (-c name=value): one line naming it, no stack trace.
      System.err.println("spotkube: " + e.getMessage());
      System.exit(2);
    }
    app.synth();
  }

  /**
   * Props for an app whose output does not change between runs: no performance counters
   * (timings) and no stack traces in the metadata (they name the jsii kernel's temporary directory).
   */
  public static AppProps deterministic() {
    return AppProps.builder()
        .performanceReporting(false)
        .stackTraces(false)
        .context(java.util.Map.of("aws:cdk:disable-creation-stack-traces", true))
        .build();
  }

  /**
   * Adds the tutorial's stack and the EKS guide's ({@code SpotEksCluster}, independent of it:
   * {@code cdk deploy SpotEksCluster} deploys it alone) to {@code app}; tests call this to
   * synthesize in-process. Returns the tutorial's stack.
   */
  public static SpotKopsClusterStack build(App app) {
    TutorialContext context = TutorialContext.from(app);
    SpotKopsClusterStack kops = new SpotKopsClusterStack(app, "SpotKopsCluster", StackProps.builder()
        .env(Environment.builder().region(context.region()).build())
        .description("spotkube: the kOps Spot tutorial's cluster (spot-kops-cluster)")
        .build(), context.availabilityZones(), context.runtimeImage(), context.adminRoleArn(),
        context.scaleDownUnneededTime(), context.scaleDownDelayAfterAdd());
    Object kubectlLayerArn = app.getNode().tryGetContext("kubectlLayerArn");
    new SpotEksClusterStack(app, "SpotEksCluster", StackProps.builder()
        .env(Environment.builder().region(context.region()).build())
        .description("spotkube: the EKS Cluster Autoscaler guide's cluster (spot-eks-cluster)")
        .build(), context.availabilityZones(), context.runtimeImage(),
        kubectlLayerArn == null ? null : kubectlLayerArn.toString());
    return kops;
  }
}
