package io.mdrotator.policy;

/**
 * Registers a callback for the reload signal. {@link #SIGHUP} uses {@code sun.misc.Signal};
 * {@link #NONE} registers nothing (tests call {@link PolicyReloader#reload()} directly).
 */
@FunctionalInterface
public interface SignalHook {
  void register(Runnable onSignal);

  SignalHook NONE = onSignal -> {};

  /** SIGHUP via jdk.unsupported; throws IllegalArgumentException where the JVM forbids it. */
  SignalHook SIGHUP = onSignal -> sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> onSignal.run());
}
