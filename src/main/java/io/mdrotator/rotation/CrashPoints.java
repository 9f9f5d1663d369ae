package io.mdrotator.rotation;

import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Hook the engine calls at each {@link CrashPoint}. {@link #fromEnvironment()} halts the JVM at the
 * armed point, for child-JVM crash tests, and is inert in the production jar; in-process tests use
 * {@link #throwingAt} and restart with a fresh engine.
 */
@FunctionalInterface
public interface CrashPoints {
  CrashPoints NONE = point -> {};

  int HALT_STATUS = 137;

  /** System property naming the crash point (a label such as after-mint). */
  String PROPERTY = "mdrotator.crashAt";

  /** Environment variable naming the crash point, when {@link #PROPERTY} is not set. */
  String ENV = "MDROTATOR_CRASH_AT";

  /**
   * The test-only switch: crash points can halt only when this class is on the class path. It
   * lives in src/test (so in every test JVM and every child JVM a test starts on the test class
   * path) and never in the production jar, whose class path is fixed by its manifest: neither an
   * environment variable nor a system property can arm a production daemon.
   */
  String TEST_SWITCH_CLASS = "io.mdrotator.testing.CrashPointsEnabled";

  void reached(CrashPoint point);

  /**
   * Halts at the point named by system property {@link #PROPERTY} or env {@link #ENV}, when the
   * {@link #TEST_SWITCH_CLASS test-only switch} is present; {@link #NONE} otherwise. Without the
   * switch a set name is not even parsed (a bad value cannot stop a daemon from starting) and one
   * WARN says it is ignored.
   */
  static CrashPoints fromEnvironment() {
    Optional<String> armed =
        Optional.ofNullable(System.getProperty(PROPERTY))
            .or(() -> Optional.ofNullable(System.getenv(ENV)))
            .filter(s -> !s.isBlank());
    if (armed.isEmpty()) {
      return NONE;
    }
    if (!testSwitchPresent()) {
      LoggerFactory.getLogger(CrashPoints.class).warn(
          "{} / -D{} is set but crash points are a test-only hook, inert in this build; ignored", ENV, PROPERTY);
      return NONE;
    }
    CrashPoint target = CrashPoint.fromLabel(armed.get());
    return point -> {
      if (point == target) {
        System.err.println("md-rotator: crash point " + point.label() + " reached, halting");
        Runtime.getRuntime().halt(HALT_STATUS);
      }
    };
  }

  /** Whether {@link #TEST_SWITCH_CLASS} is on this class's class path (looked up, not initialized). */
  static boolean testSwitchPresent() {
    try {
      Class.forName(TEST_SWITCH_CLASS, false, CrashPoints.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Throws {@link SimulatedCrash} the first time {@code target} is reached. */
  static CrashPoints throwingAt(CrashPoint target) {
    boolean[] fired = {false};
    return point -> {
      if (point == target && !fired[0]) {
        fired[0] = true;
        throw new SimulatedCrash(point);
      }
    };
  }
}
