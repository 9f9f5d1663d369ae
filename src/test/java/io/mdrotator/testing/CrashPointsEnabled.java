package io.mdrotator.testing;

/**
 * The test-only switch of {@code CrashPoints.fromEnvironment()}: its presence on the class path is
 * what lets {@code MDROTATOR_CRASH_AT} / {@code -Dmdrotator.crashAt} halt a JVM. It lives in src/test
 * so that test JVMs and the child JVMs tests start on the test class path ({@link ChildJvm}) have it
 * and the production jar never does. Nothing else about it matters; do not move it to src/main.
 */
public final class CrashPointsEnabled {
  private CrashPointsEnabled() {}
}
