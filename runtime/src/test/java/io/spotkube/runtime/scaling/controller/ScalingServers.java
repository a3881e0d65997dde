package io.spotkube.runtime.scaling.controller;

import io.spotkube.runtime.testing.MotoServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers behind a {@link ScalingWorld}, as a JUnit extension for a static
 * {@code @RegisterExtension} field: moto and the scaling-activities stand-in start once per test
 * class (moto takes seconds to start); each test gets them reset and a fresh world, closed after it.
 */
final class ScalingServers implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private MotoServer moto;
  private ScalingActivitiesStandIn standIn;
  private ScalingWorld world;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    moto = MotoServer.start();
    standIn = ScalingActivitiesStandIn.start(moto.endpoint());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (standIn != null) {
      standIn.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    moto.reset();
    standIn.clear();
    world = new ScalingWorld(standIn.endpoint());
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (world != null) {
      world.close();
      world = null;
    }
  }

  /** The current test's world. */
  ScalingWorld world() {
    return world;
  }

  /** The stand-in answering DescribeScalingActivities, to script failed launches. */
  ScalingActivitiesStandIn standIn() {
    return standIn;
  }
}
