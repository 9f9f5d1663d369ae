package io.mdrotator.tools.crash;

import io.mdrotator.rotation.ProtocolStep;
import io.mdrotator.rotation.StepHook;
import java.util.Optional;

/** Step hooks that crash the engine: by halting the JVM (child JVMs) or by throwing (in-process). */
public final class CrashHooks {
  /** The exit status of a halted JVM, as after kill -9. */
  public static final int HALT_STATUS = 137;

  /** System property naming the step to halt at (a label such as after-mint). */
  public static final String PROPERTY = "mdrotator.crashAt";

  /** Environment variable naming the step to halt at, when {@link #PROPERTY} is not set. */
  public static final String ENV = "MDROTATOR_CRASH_AT";

  private CrashHooks() {}

  /** The step named by {@link #PROPERTY} or {@link #ENV}, if either is set and not blank. */
  public static Optional<ProtocolStep> armed() {
    return Optional.ofNullable(System.getProperty(PROPERTY))
        .or(() -> Optional.ofNullable(System.getenv(ENV)))
        .filter(s -> !s.isBlank())
        .map(ProtocolStep::fromLabel);
  }

  /** Halts the JVM (no shutdown hooks, as kill -9) when {@code target} is reached. */
  public static StepHook haltingAt(ProtocolStep target) {
    return step -> {
      if (step == target) {
        System.err.println("md-rotator: crash point " + step.label() + " reached, halting");
        Runtime.getRuntime().halt(HALT_STATUS);
      }
    };
  }

  /** Throws {@link SimulatedCrash} the first time {@code target} is reached. */
  public static StepHook throwingAt(ProtocolStep target) {
    boolean[] fired = {false};
    return step -> {
      if (step == target && !fired[0]) {
        fired[0] = true;
        throw new SimulatedCrash(step);
      }
    };
  }
}
