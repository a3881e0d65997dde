package io.spotkube.constructs;

import io.spotkube.catalog.InstanceType;
import java.util.List;

/**
 * The instance types a group's props pick ({@code kops toolbox instance-selector} rules, or the
 * explicit list), for groups that are not {@link DiversifiedSpotNodeGroup}s, such as EKS managed
 * node groups: the same selection whatever runs the group.
 */
public final class InstanceTypeSelection {

  private InstanceTypeSelection() {
  }

  /**
   * @param constructType and {@code path} name the construct in error messages
   * @throws IllegalArgumentException naming the prop when the props select nothing or several shapes
   */
  public static List<InstanceType> resolve(DiversifiedSpotNodeGroupProps props, String constructType, String path) {
    return InstanceTypeShapes.resolve(props, new PropValidation(constructType, path));
  }
}
