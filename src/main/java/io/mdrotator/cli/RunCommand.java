package io.mdrotator.cli;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.config.SecretSourceException;
import io.mdrotator.daemon.Composition;
import io.mdrotator.daemon.ClassDataArchive;
import io.mdrotator.daemon.Daemon;
import io.mdrotator.observability.LoggingSetup;
import io.mdrotator.observability.MetricsServer;
import io.mdrotator.policy.PolicyException;
import io.mdrotator.document.Problem;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.rotation.RotationListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code md-rotator run}: the daemon; runs until SIGTERM/SIGINT, reloads the policy on SIGHUP. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the rotation daemon until SIGTERM. SIGHUP (or saving the policy file) reloads the policy.",
      "Exit 2 on invalid config, policy or credential source, or an audit file that cannot be opened, at start-up."
    })
public final class RunCommand implements Callable<Integer> {
  /** After start-up, before a missing or stale class-data archive is made (competing with nothing). */
  static final Duration ARCHIVE_DELAY = Duration.ofSeconds(30);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Daemon configuration file.")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    DaemonConfig cfg;
    try {
      cfg = CommandSetup.config(config);
      CommandAudit.begin(cfg, spec, Clock.systemUTC(), true);
    } catch (CommandSetup.InvalidInput e) {
      return e.print(spec.commandLine().getErr());
    }
    Daemon daemon;
    try {
      daemon = Daemon.start(Composition.of(cfg), RotationListener.NOOP, SignalHook.SIGHUP);
    } catch (PolicyException e) {
      e.problems().stream().map(Problem::format).forEach(spec.commandLine().getErr()::println);
      spec.commandLine().getErr().flush();
      return CommandSetup.INVALID_INPUT;
    } catch (MetricsServer.ListenException e) {
      spec.commandLine().getErr().println(e.getMessage()); // one line, names the key: the fix is in the config
      spec.commandLine().getErr().flush();
      return CommandSetup.INVALID_INPUT;
    } catch (SecretSourceException | UnsupportedOperationException | LoggingSetup.AuditFileException e) {
      spec.commandLine().getErr().println(cfg.configFile() + ": " + e.getMessage());
      spec.commandLine().getErr().flush();
      return CommandSetup.INVALID_INPUT;
    }
    // Where nothing made the archive before the daemon, its first start makes it; where something did
    // (the unit's ExecStartPre, the image's build) this finds it current and does nothing.
    ClassDataArchive.refreshInBackground(ARCHIVE_DELAY, LoggerFactory.getLogger(RunCommand.class)::info);
    awaitTermination(daemon);
    return 0;
  }

  /** Blocks until the JVM is asked to stop, then closes the daemon inside the shutdown hook. */
  static void awaitTermination(Daemon daemon) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.close();
      stopped.countDown();
    }, "md-rotator-shutdown"));
    stopped.await();
  }
}
