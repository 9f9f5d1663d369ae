package io.mdrotator.rotation;

import java.util.ServiceLoader;

/**
 * Called by the engine after each {@link ProtocolStep} of a rotation; may throw (or halt the JVM)
 * to stop the engine there. The product passes {@link #NONE}. The crash suites supply their own
 * hook, either directly to the engine (in-process) or as a {@link ServiceLoader} provider on the
 * class path of a child JVM (see {@link #installed()}); the production jar contains none.
 */
@FunctionalInterface
public interface StepHook {
  StepHook NONE = step -> {};

  void reached(ProtocolStep step);

  /**
   * The first {@code StepHook} provider registered on the class path under
   * {@code META-INF/services/io.mdrotator.rotation.StepHook}; {@link #NONE} when there is none (the
   * production jar registers none, and its class path is fixed by its manifest).
   */
  static StepHook installed() {
    return ServiceLoader.load(StepHook.class, StepHook.class.getClassLoader()).findFirst().orElse(NONE);
  }
}
