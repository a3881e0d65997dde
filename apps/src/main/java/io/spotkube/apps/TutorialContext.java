package io.spotkube.apps;

import java.util.Arrays;
import io.spotkube.constructs.RuntimeImage;
import java.util.List;
import software.amazon.awscdk.App;

/**
 * Where the example apps deploy, from CDK context so no lookup (and no AWS account) is needed:
 * {@code -c region=eu-west-1 -c availabilityZones=eu-west-1a,eu-west-1b,eu-west-1c}.
 *
 * <p>The availability zones are named rather than looked up: an environment-agnostic stack only
 * gets two zones from the CDK, and a lookup needs credentials. The kOps tutorial uses the region's
 * first three zones, which is the default here.
 *
 * <p>The runtime's image is built from {@code runtime/} ({@code -c runtimeDirectory=...}) by
 * {@code cdk deploy}, or taken from a registry with {@code -c runtimeImageUri=...}.
 */
record TutorialContext(String region, List<String> availabilityZones, String runtimeDirectory, String runtimeImageUri) {

  static final String DEFAULT_REGION = "eu-west-1";

  static TutorialContext from(App app) {
    String region = text(app, "region", DEFAULT_REGION);
    String zones = text(app, "availabilityZones", region + "a," + region + "b," + region + "c");
    List<String> availabilityZones = Arrays.stream(zones.split(",")).map(String::strip).filter(z -> !z.isEmpty()).toList();
    if (availabilityZones.size() < 3) {
      throw new IllegalArgumentException("context availabilityZones: give three zones for an HA cluster, got '" + zones + "'");
    }
    for (String zone : availabilityZones) {
      if (!zone.startsWith(region)) {
        throw new IllegalArgumentException("context availabilityZones: zone " + zone + " is not in region " + region);
      }
    }
    return new TutorialContext(region, availabilityZones, text(app, "runtimeDirectory", "runtime"),
        text(app, "runtimeImageUri", null));
  }

  RuntimeImage runtimeImage() {
    return runtimeImageUri != null ? RuntimeImage.fromUri(runtimeImageUri) : RuntimeImage.fromDockerfile(runtimeDirectory);
  }

  private static String text(App app, String key, String fallback) {
    Object value = app.getNode().tryGetContext(key);
    return value == null ? fallback : value.toString();
  }
}
