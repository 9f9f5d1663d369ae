package io.mdrotator.tools.crash;

import io.mdrotator.rotation.ProtocolStep;
import io.mdrotator.rotation.StepHook;

/**
 * Thrown by a test {@link StepHook} to stop the engine mid-protocol like a killed JVM. An {@link
 * Error} so that the engine's per-slot failure handling (which catches exceptions) never sees it.
 */
public final class SimulatedCrash extends Error {
  private static final long serialVersionUID = 1L;

  public SimulatedCrash(ProtocolStep point) {
    super("simulated crash at " + point.label(), null, false, false);
  }
}
