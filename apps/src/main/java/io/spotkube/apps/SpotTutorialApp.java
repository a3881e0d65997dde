package io.spotkube.apps;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The default app of {@code cdk.json}: the kOps Spot tutorial's cluster pieces. */
public final class SpotTutorialApp {

  private SpotTutorialApp() {
  }

  public static void main(String[] args) {
    App app = new App();
    build(app);
    app.synth();
  }

  /** Adds the tutorial's stacks to {@code app}; tests call this to synthesize in-process. */
  public static SpotNodeGroupsStack build(App app) {
    TutorialContext context = TutorialContext.from(app);
    return new SpotNodeGroupsStack(app, "SpotKopsClusterNodeGroups", StackProps.builder()
        .env(Environment.builder().region(context.region()).build())
        .description("spotkube: the kOps Spot tutorial's Spot node groups and termination handler queue")
        .build(), context.availabilityZones());
  }
}
