package io.spotkube.runtime.ports;

import java.time.Instant;

/** One Auto Scaling activity: e.g. a launch that failed with {@code InsufficientInstanceCapacity}. */
public record ScalingActivity(String group, String statusCode, String statusMessage, String description,
    Instant startTime) {

  public boolean failed() {
    return "Failed".equals(statusCode) || "Cancelled".equals(statusCode);
  }
}
