package io.spotkube.runtime.model;

import java.util.Map;

/** Label names the simulation knows, and equality-based selector matching. */
public final class Labels {

  public static final String HOSTNAME = "kubernetes.io/hostname";
  public static final String ZONE = "topology.kubernetes.io/zone";
  /** The zone key of the EBS CSI driver's node topology and of the volumes it provisions. */
  public static final String EBS_CSI_ZONE = "topology.ebs.csi.aws.com/zone";

  private Labels() {
  }

  /** True when every selector entry is among the labels (an empty selector matches everything). */
  public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    for (Map.Entry<String, String> entry : selector.entrySet()) {
      if (!entry.getValue().equals(labels.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
