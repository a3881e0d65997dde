package io.spotkube.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * cluster-autoscaler's scale-from-zero tags on an Auto Scaling group (its AWS provider's
 * {@code k8s.io/cluster-autoscaler/node-template/...}): {@code label/<key>} = value,
 * {@code taint/<key>} = {@code value:Effect}, {@code resources/<name>} = quantity. The constructs
 * {@link #encode} a group's {@link TemplateNode}; the runtime {@link #decode}s the group's tags.
 */
public final class NodeTemplateTags {

  public static final String PREFIX = "k8s.io/cluster-autoscaler/node-template/";
  public static final String LABEL_PREFIX = PREFIX + "label/";
  public static final String TAINT_PREFIX = PREFIX + "taint/";
  public static final String RESOURCES_PREFIX = PREFIX + "resources/";

  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String PODS = "pods";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  public static final String NVIDIA_GPU = "nvidia.com/gpu";

  /** Auto Scaling's limits: a longer key or value fails at deploy, so it fails at synth instead. */
  static final int MAX_KEY_LENGTH = 128;
  static final int MAX_VALUE_LENGTH = 256;

  private NodeTemplateTags() {
  }

  public static String labelKey(String label) {
    return LABEL_PREFIX + label;
  }

  public static String taintKey(String taintKey) {
    return TAINT_PREFIX + taintKey;
  }

  public static String resourceKey(String resource) {
    return RESOURCES_PREFIX + resource;
  }

  /**
   * The tags describing {@code node}, sorted by key.
   *
   * @throws IllegalArgumentException when a tag would break Auto Scaling's length limits, naming it
   */
  public static SortedMap<String, String> encode(TemplateNode node) {
    SortedMap<String, String> tags = new TreeMap<>();
    node.labels().forEach((key, value) -> put(tags, "label " + key, labelKey(key), value));
    node.taints().forEach(taint -> put(tags, "taint " + taint.key(), taintKey(taint.key()),
        taint.value() + ":" + taint.effect()));
    node.resources().forEach((name, quantity) -> put(tags, "resource " + name, resourceKey(name), quantity));
    return tags;
  }

  /**
   * The template node the tags describe; tags outside {@code label/}, {@code taint/} and
   * {@code resources/} are left out (other components' tags, other node-template kinds).
   *
   * @throws IllegalArgumentException naming the tag: a taint that is not {@code value:Effect}, a tag naming nothing
   */
  public static TemplateNode decode(Map<String, String> tags) {
    Map<String, String> labels = new TreeMap<>();
    List<TemplateTaint> taints = new ArrayList<>();
    Map<String, String> resources = new TreeMap<>();
    new TreeMap<>(tags).forEach((tag, value) -> {
      if (tag.startsWith(LABEL_PREFIX)) {
        labels.put(name(tag, LABEL_PREFIX), value);
      } else if (tag.startsWith(TAINT_PREFIX)) {
        taints.add(taint(tag, name(tag, TAINT_PREFIX), value));
      } else if (tag.startsWith(RESOURCES_PREFIX)) {
        resources.put(name(tag, RESOURCES_PREFIX), value);
      }
    });
    return new TemplateNode(labels, taints, resources);
  }

  private static void put(Map<String, String> tags, String what, String key, String value) {
    if (key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(what + ": its node-template tag key " + key + " is " + key.length()
          + " characters; Auto Scaling allows " + MAX_KEY_LENGTH);
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(what + ": its node-template tag value is " + value.length()
          + " characters; Auto Scaling allows " + MAX_VALUE_LENGTH);
    }
    tags.put(key, value);
  }

  private static String name(String tag, String prefix) {
    String name = tag.substring(prefix.length());
    if (name.isEmpty()) {
      throw new IllegalArgumentException("tag " + tag + ": names no " + prefix.substring(PREFIX.length(), prefix.length() - 1));
    }
    return name;
  }

  private static TemplateTaint taint(String tag, String key, String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("tag " + tag + ": '" + value + "' is not value:Effect");
    }
    String effect = value.substring(colon + 1);
    if (!TemplateTaint.EFFECTS.contains(effect)) {
      throw new IllegalArgumentException("tag " + tag + ": effect '" + effect
          + "' is not NoSchedule, PreferNoSchedule or NoExecute");
    }
    return new TemplateTaint(key, value.substring(0, colon), effect);
  }
}
