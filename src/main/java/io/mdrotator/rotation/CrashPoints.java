package io.mdrotator.rotation;

import java.util.Optional;

/**
 * Hook the engine calls at each {@link CrashPoint}. Production uses {@link #fromEnvironment()}
 * (halts the JVM at the armed point, for child-JVM crash tests); in-process tests use {@link
 * #throwingAt} and restart with a fresh engine.
 */
@FunctionalInterface
public interface CrashPoints {
  CrashPoints NONE = point -> {};

  int HALT_STATUS = 137;

  void reached(CrashPoint point);

  /** Armed by system property {@code mdrotator.crashAt} or env {@code MDROTATOR_CRASH_AT}. */
  static CrashPoints fromEnvironment() {
    Optional<String> armed =
        Optional.ofNullable(System.getProperty("mdrotator.crashAt"))
            .or(() -> Optional.ofNullable(System.getenv("MDROTATOR_CRASH_AT")))
            .filter(s -> !s.isBlank());
    if (armed.isEmpty()) {
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
