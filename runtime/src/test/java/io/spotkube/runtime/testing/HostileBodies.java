package io.spotkube.runtime.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated malformed or hostile queue message bodies (seeded, so a failure reproduces): truncated
 * JSON, huge strings, wrong types, unknown detail-types, missing instance ids, deep nesting,
 * garbage, SNS wrappers around garbage. All within the characters SQS accepts.
 */
public final class HostileBodies {

  private static final String SPOT = "{\"version\":\"0\",\"id\":\"1e5527d7\",\"detail-type\":"
      + "\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\",\"time\":\"2021-02-10T12:00:00Z\","
      + "\"detail\":{\"instance-id\":\"i-0b662ef9931388ba0\",\"instance-action\":\"terminate\"}}";

  private HostileBodies() {
  }

  public static List<String> generate(long seed, int count) {
    Random random = new Random(seed);
    List<String> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      bodies.add(one(random, i));
    }
    return bodies;
  }

  private static String one(Random random, int i) {
    return switch (i % 10) {
      case 0 -> SPOT.substring(0, 1 + random.nextInt(SPOT.length() - 2)); // truncated
      case 1 -> "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\","
          + "\"detail\":{\"instance-id\":\"i-" + "a".repeat(1000 + random.nextInt(20_000)) + "\"}}"; // huge string
      case 2 -> switch (random.nextInt(4)) { // wrong types
        case 0 -> "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"detail\":[1,2]}";
        case 1 -> "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\","
            + "\"detail\":{\"instance-id\":" + random.nextLong() + "}}";
        case 2 -> "{\"source\":{\"a\":1},\"detail-type\":true,\"detail\":{}}";
        default -> "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\","
            + "\"detail\":{\"instance-id\":\"i-abcd1111\",\"state\":[\"terminated\"]}}";
      };
      case 3 -> "{\"source\":\"aws.ec2\",\"detail-type\":\"Unknown Thing " + random.nextInt() + "\",\"detail\":{}}";
      case 4 -> "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance Rebalance Recommendation\",\"detail\":{}}";
      case 5 -> "[".repeat(500 + random.nextInt(5000)) + "]".repeat(random.nextInt(10));
      case 6 -> garbage(random, 1 + random.nextInt(2000));
      case 7 -> "{\"Type\":\"Notification\",\"Message\":\"" + garbage(random, 50).replace("\\", "").replace("\"", "")
          + "\"}";
      case 8 -> switch (random.nextInt(4)) {
        case 0 -> "null";
        case 1 -> Long.toString(random.nextLong());
        case 2 -> "\"just a string\"";
        default -> "{}";
      };
      default -> "{\"LifecycleTransition\":\"autoscaling:EC2_INSTANCE_TERMINATING\",\"EC2InstanceId\":\"i-12345678\"}";
    };
  }

  private static String garbage(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      out.append(kind < 8 ? (char) (0x20 + random.nextInt(0x5f)) : kind == 8 ? '\n' : (char) (0x4e00 + random.nextInt(500)));
    }
    return out.toString();
  }
}
