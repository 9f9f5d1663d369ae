package io.mdrotator.tools.crash;

import io.mdrotator.rotation.ProtocolStep;
import io.mdrotator.rotation.StepHook;

/**
 * The {@link StepHook} provider registered on the test class path: every daemon or command a test
 * starts in a child JVM on that class path halts at the step named by {@link CrashHooks#ENV} or
 * {@link CrashHooks#PROPERTY}, and runs unhooked when neither is set.
 */
public final class EnvironmentCrashHook implements StepHook {
  private final StepHook delegate =
      CrashHooks.armed().map(CrashHooks::haltingAt).orElse(StepHook.NONE);

  @Override
  public void reached(ProtocolStep step) {
    delegate.reached(step);
  }
}
