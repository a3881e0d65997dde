package com.example.platform;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** An existing platform team's app: adds a Spot Kubernetes cluster to the VPC it already has. */
public final class PlatformApp {

  private PlatformApp() {
  }

  public static void main(String[] args) {
    App app = new App();
    new PlatformClusterStack(app, "PlatformCluster", StackProps.builder()
        .env(Environment.builder()
            .account(context(app, "account", "111111111111"))
            .region(context(app, "region", "eu-west-1"))
            .build())
        .build());
    app.synth();
  }

  static String context(App app, String key, String fallback) {
    Object value = app.getNode().tryGetContext(key);
    return value == null ? fallback : value.toString();
  }
}
