package io.spotkube.apps;

import io.spotkube.constructs.RuntimeImage;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;

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
 *
 * <p>{@code -c adminRoleArn=arn:aws:iam::ACCOUNT:role/NAME} names an existing role of the account
 * that may fetch the cluster-admin kubeconfig and open the Session Manager tunnel to the API
 * ({@code SpotKubernetesCluster.grantClusterAdmin}); without it nobody can.
 *
 * <p>The tutorial's autoscaler times ({@code --scale-down-unneeded-time=2m
 * --scale-down-delay-after-add=2m}) can be changed with {@code -c scaleDownUnneededTime=30s
 * -c scaleDownDelayAfterAdd=30s} (s, m or h), as the deployed-story test does.
 */
record TutorialContext(String region, List<String> availabilityZones, String runtimeDirectory, String runtimeImageUri,
                       String adminRoleArn, Duration scaleDownUnneededTime, Duration scaleDownDelayAfterAdd) {

  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)([smh])");

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
    String adminRoleArn = text(app, "adminRoleArn", null);
    if (adminRoleArn != null && !ROLE_ARN.matcher(adminRoleArn).matches()) {
      throw new IllegalArgumentException("context adminRoleArn: '" + adminRoleArn
          + "' is not a role ARN like arn:aws:iam::123456789012:role/Admin");
    }
    return new TutorialContext(region, availabilityZones, text(app, "runtimeDirectory", "runtime"),
        text(app, "runtimeImageUri", null), adminRoleArn, duration(app, "scaleDownUnneededTime", "2m"),
        duration(app, "scaleDownDelayAfterAdd", "2m"));
  }

  private static Duration duration(App app, String key, String fallback) {
    String value = text(app, key, fallback);
    Matcher matcher = DURATION.matcher(value.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("context " + key + ": give a duration such as 30s, 2m or 1h, got '" + value + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.seconds(amount);
      case "m" -> Duration.minutes(amount);
      default -> Duration.hours(amount);
    };
  }

  RuntimeImage runtimeImage() {
    return runtimeImageUri != null ? RuntimeImage.fromUri(runtimeImageUri) : RuntimeImage.fromDockerfile(runtimeDirectory);
  }

  private static String text(App app, String key, String fallback) {
    Object value = app.getNode().tryGetContext(key);
    return value == null ? fallback : value.toString();
  }
}
