package io.spotkube.constructs.bootstrap;

import java.util.Objects;
import java.util.Set;

/**
 * A taint a node registers with ({@code key=value:Effect}).
 *
 * @param key   a qualified name, e.g. {@code spot} or {@code example.com/dedicated}
 * @param value may be empty
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}
 */
public record NodeTaint(String key, String value, String effect) {

    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    public NodeTaint {
        Objects.requireNonNull(key, "taint key");
        value = value == null ? "" : value;
        Objects.requireNonNull(effect, "taint effect");
        LabelRules.requireQualifiedName("nodeTaints key", key);
        LabelRules.requireValue("nodeTaints value of " + key, value);
        if (!EFFECTS.contains(effect)) {
            throw new IllegalArgumentException("nodeTaints effect of " + key + " (" + effect
                    + ") must be one of NoSchedule, PreferNoSchedule, NoExecute");
        }
    }

    /** Parses the kubectl form {@code key=value:Effect} or {@code key:Effect}. */
    public static NodeTaint parse(String taint) {
        Objects.requireNonNull(taint, "taint");
        int colon = taint.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("nodeTaints (" + taint + ") must look like key=value:Effect");
        }
        String keyValue = taint.substring(0, colon);
        int equals = keyValue.indexOf('=');
        return equals < 0
                ? new NodeTaint(keyValue, "", taint.substring(colon + 1))
                : new NodeTaint(keyValue.substring(0, equals), keyValue.substring(equals + 1), taint.substring(colon + 1));
    }

    /** The kubectl form, {@code key=value:Effect} (or {@code key:Effect} without a value). */
    @Override
    public String toString() {
        return value.isEmpty() ? key + ":" + effect : key + "=" + value + ":" + effect;
    }
}
