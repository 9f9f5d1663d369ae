package io.mdrotator.cli;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Composition;
import io.mdrotator.rotation.Reconciler;
import io.mdrotator.rotation.RotationListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code md-rotator reconcile} on a shifted clock, for crash tests whose emulators run ahead of
 * the wall clock: the same set-up ({@link CommandSetup}, {@link Composition}) and the same one pass over every slot, with
 * the engine's crash hook armed from the environment, but every instant is the system clock plus an
 * offset. Child usage: {@code ReconcileAt CONFIG OFFSET_MILLIS}; exit codes as the command.
 */
public final class ReconcileAt {
  private ReconcileAt() {}

  public static void main(String[] args) throws Exception {
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[1])));
    Reconciler.Result result = runOnce(Path.of(args[0]), clock);
    result.outcomes().forEach(o -> System.out.println(ReconcileCommand.describe(o)));
    System.out.flush();
    System.exit(result.exitCode());
  }

  /** One reconcile pass of every slot in {@code configFile}'s policy with a fresh engine on {@code clock}. */
  public static Reconciler.Result runOnce(Path configFile, Clock clock) {
    try {
      DaemonConfig config = CommandSetup.config(configFile);
      Composition composition = new Composition(config, System.getenv(), clock);
      return new Reconciler(CommandSetup.engine(composition, RotationListener.NOOP), 1)
          .runOnce(CommandSetup.policy(config));
    } catch (CommandSetup.InvalidInput e) {
      throw new IllegalArgumentException(configFile + " is not a valid set-up: " + e.getMessage(), e);
    }
  }
}
