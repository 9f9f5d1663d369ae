package io.mdrotator.cli;

import io.mdrotator.rotation.Reconciler;
import io.mdrotator.rotation.SlotOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code md-rotator reconcile}: do everything due now for every slot, then exit (cron style). */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Do everything due now (rotations, revocations, orphan sweeps, Duckling drift), then exit.",
      "Exit 0 when every slot succeeded, 1 when any slot failed, 2 on invalid config or policy."
    })
public final class ReconcileCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Daemon configuration file.")
  Path config;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "8",
      description = "Slots worked on at once, 1..256 (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (concurrency < 1 || concurrency > Reconciler.MAX_CONCURRENCY) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("--concurrency must be between 1 and " + Reconciler.MAX_CONCURRENCY + ", was " + concurrency);
      err.flush();
      return CommandSetup.INVALID_INPUT;
    }
    try {
      CommandSetup.Loaded loaded = CommandSetup.loadAudited(config, spec);
      Reconciler.Result result = new Reconciler(loaded.engine(), concurrency).runOnce(loaded.policy());
      result.outcomes().forEach(o -> out.println(describe(o)));
      out.printf("reconcile: %d slots, %d failed%n", result.outcomes().size(),
          result.outcomes().stream().filter(SlotOutcome::failed).count());
      out.flush();
      return result.exitCode();
    } catch (CommandSetup.InvalidInput e) {
      return e.print(spec.commandLine().getErr());
    }
  }

  static String describe(SlotOutcome o) {
    StringBuilder b = new StringBuilder().append(o.slot()).append(' ').append(o.status());
    o.servedTokenId().ifPresent(id -> b.append(" served=").append(id));
    o.servedExpiresAt().ifPresent(e -> b.append(" expires=").append(e));
    if (!o.revokedTokenIds().isEmpty()) {
      b.append(" revoked=").append(o.revokedTokenIds());
    }
    o.nextRotation().ifPresent(n -> b.append(" next_rotation=").append(n));
    o.failure().ifPresent(f -> b.append(" error=").append(f.getMessage()));
    return b.toString();
  }
}
