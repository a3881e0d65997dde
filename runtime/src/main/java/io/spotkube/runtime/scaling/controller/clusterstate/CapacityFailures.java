package io.spotkube.runtime.scaling.controller.clusterstate;

import io.spotkube.runtime.ports.ScalingActivity;
import java.util.List;
import java.util.Locale;

/**
 * Recognises launches that failed for lack of capacity (as opposed to a broken launch template):
 * the messages EC2 Auto Scaling puts in a failed activity's StatusMessage.
 */
final class CapacityFailures {

  private static final List<String> MARKERS = List.of(
      "insufficientinstancecapacity",
      "no spot capacity",
      "could not launch spot instances",
      "spotmaxpricetoolow",
      "maxspotinstancecountexceeded",
      "unfulfillablecapacity",
      "insufficient capacity",
      "do not have sufficient");

  private CapacityFailures() {
  }

  static boolean isCapacityShortage(ScalingActivity activity) {
    String text = (activity.statusMessage() + " " + activity.description()).toLowerCase(Locale.ROOT);
    return MARKERS.stream().anyMatch(text::contains);
  }
}
