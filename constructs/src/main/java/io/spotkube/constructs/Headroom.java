package io.spotkube.constructs;

import io.spotkube.constructs.manifests.HeadroomManifests;
import java.util.regex.Pattern;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.iam.IGrantable;
import software.constructs.Construct;

/**
 * Overprovisioning as an add-on of the kubeadm cluster: {@link HeadroomManifests} (a negative
 * PriorityClass and pause pods) shipped like the other add-ons, as a file asset named by the SSM
 * parameter {@code <prefix>/addons/headroom-<name>.yaml}, applied by the control plane's add-on timer.
 */
final class Headroom extends Construct {

  /** The runtime's default --expendable-pods-priority-cutoff: pods below it never trigger a scale-up. */
  static final int EXPENDABLE_CUTOFF = -10;
  private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final AddonManifest manifest;

  Headroom(Construct scope, String id, HeadroomProps props, String ssmPrefix) {
    super(scope, id);
    PropValidation validation = new PropValidation("Headroom", getNode().getPath());
    String name = "spotkube-headroom-" + id.toLowerCase(java.util.Locale.ROOT);
    if (!NAME.matcher(name).matches() || name.length() > 50) {
      throw validation.error("id", "(" + id + ") must be a short DNS label: it names the PriorityClass " + name);
    }
    requireQuantity(validation, "cpu", props.getCpu());
    requireQuantity(validation, "memory", props.getMemory());
    validation.requireRange("replicas", props.getReplicas(), 0, 1000);
    if (props.getPriority() >= 0) {
      throw validation.error("priority", "(" + props.getPriority() + ") must be negative, so that every workload "
          + "preempts the pause pods");
    }
    for (String zone : props.getZones()) {
      if (!NAME.matcher(zone).matches()) {
        throw validation.error("zones", "has '" + zone + "', which is not a zone name such as eu-west-1a");
      }
    }
    if (props.getPriority() < EXPENDABLE_CUTOFF) {
      Annotations.of(this).addWarningV2("spotkube:expendableHeadroom", "priority " + props.getPriority()
          + " is below the runtime's --expendable-pods-priority-cutoff (" + EXPENDABLE_CUTOFF
          + "): preempted pause pods will not trigger a scale-up, so the headroom is not restored");
    }
    this.manifest = new AddonManifest(this, name + ".yaml", HeadroomManifests.renderYaml(name, props.getPriority(),
        props.getCpu(), props.getMemory(), props.getReplicas(), props.getZones()), ssmPrefix,
        "spotkube: the S3 URL of the headroom (overprovisioning) manifest " + name + ", applied by the add-on timer");
  }

  private static void requireQuantity(PropValidation validation, String prop, String value) {
    validation.requirePresent(prop, value);
    if (!QUANTITY.matcher(value).matches()) {
      throw validation.error(prop, "(" + value + ") must be a Kubernetes quantity such as 500m, 2 or 1Gi");
    }
  }

  void grantRead(IGrantable grantee) {
    manifest.grantRead(grantee);
  }
}
