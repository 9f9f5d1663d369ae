package io.mdrotator.daemon;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.observability.HealthThresholds;
import io.mdrotator.observability.LoggingSetup;
import io.mdrotator.observability.Observability;
import io.mdrotator.observability.ReadinessRecheck;
import io.mdrotator.policy.LintSummary;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyException;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.policy.PolicyReloader;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.port.ApiCallListener;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.schedule.RecoverySweep;
import io.mdrotator.schedule.RotationScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's start sequence ({@link Daemon#start}): the policy is parsed on its own thread while
 * the metrics listener, the adapters and the scheduler are built from the {@link Composition};
 * once it is in force the readiness recheck probes both backends (readiness needs only the policy
 * and their answers) while the slots are scheduled; then the reloader, the liveness guards and the
 * maintenance tick start. A failure closes what was built; an invalid policy is reported before
 * any other start-up failure.
 */
final class DaemonStart {
  /** The daemon's logger: operators filter the daemon's lines by this one name. */
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private DaemonStart() {}

  static Daemon start(Composition composition, RotationListener extra, SignalHook signals)
      throws PolicyException {
    long begun = System.nanoTime();
    DaemonConfig config = composition.config();
    config.logging().auditFile().ifPresent(LoggingSetup::openAuditFile);
    CompletableFuture<Policy> loading =
        CompletableFuture.supplyAsync(() -> load(config), DaemonStart::loaderThread);
    Observability obs;
    try {
      obs = Observability.start(
          new InetSocketAddress(config.metrics().host(), config.metrics().port()),
          composition.clock(),
          BuildVersion.version(),
          HealthThresholds.DEFAULT);
    } catch (RuntimeException e) {
      initialPolicy(loading); // an invalid policy is the first thing the operator must fix
      throw e;
    }
    RotationScheduler scheduler = null;
    ReadinessRecheck recheck = null;
    RecoverySweep sweep = new RecoverySweep(composition.clock());
    try {
      ApiCallListener calls = obs.apiCallListener();
      Adapters adapters = composition.adapters((target, op, outcome, elapsed) -> {
        calls.completed(target, op, outcome, elapsed);
        sweep.completed(target, op, outcome, elapsed);
      });
      obs.metrics().vaultTokenExpirySource(adapters.vault()::tokenExpiry);
      RotationListener listener = composition.daemonListener(obs, extra);
      RotationEngine engine = composition.engine(adapters, listener);
      scheduler = composition.scheduler(engine, listener);
      obs.metrics().scheduledSlotsSource(scheduler::jobCount);
      Policy initial = initialPolicy(loading);
      long parsed = System.nanoTime();
      PolicyReloader reloader =
          new PolicyReloader(
              config.policyFile(), config.policyLoadOptions(), initial, PolicyReloader.DEFAULT_DEBOUNCE, signals);
      // Probing now, while the series are registered and the slots scheduled, makes the daemon ready
      // as soon as both backends answer (the reloader serves the initial policy until it starts).
      recheck = new ReadinessRecheck(obs.health(), composition.clock(), ReadinessProbes.of(adapters, reloader::current))
          .start();
      obs.policyLoaded(ReloadBridge.slotKeys(initial));
      scheduler.start(initial);
      long scheduled = System.nanoTime();
      reloader.addListener(new ReloadBridge(scheduler, obs));
      reloader.start();
      LivenessGuards guards =
          LivenessGuards.start(composition, sweep, reloader::current, adapters, engine, scheduler, listener);
      MaintenanceTick maintenance = MaintenanceTick.start(scheduler, obs, adapters);
      Daemon daemon = new Daemon(obs, adapters, engine, scheduler, reloader, maintenance, guards, recheck);
      LOG.info("md-rotator started: {} slots, metrics on port {}; policy in force after {} ms, slots scheduled in {} ms",
          initial.slots().size(), obs.port(), (parsed - begun) / 1_000_000, (scheduled - parsed) / 1_000_000);
      return daemon;
    } catch (IOException e) {
      sweep.close();
      stopQuietly(recheck, scheduler, obs);
      throw new UncheckedIOException("cannot watch policy file " + config.policyFile(), e);
    } catch (PolicyException e) {
      sweep.close();
      stopQuietly(recheck, scheduler, obs);
      throw e;
    } catch (RuntimeException e) {
      sweep.close();
      stopQuietly(recheck, scheduler, obs);
      initialPolicy(loading); // an invalid policy is the first thing the operator must fix
      throw e;
    }
  }

  /**
   * Loads the initial policy; its lint warnings are logged here, once and aggregated by location
   * (each reload logs its own the same way), and its errors are thrown as a PolicyException.
   */
  private static Policy load(DaemonConfig config) {
    LoadResult result = new PolicyLoader().load(config.policyFile(), config.policyLoadOptions());
    if (result.policy().isEmpty()) {
      throw new CompletionException(new PolicyException(result.errors()));
    }
    LintSummary.lines(result.warnings()).forEach(line -> LOG.warn("{}", line));
    return result.policy().get();
  }

  private static void loaderThread(Runnable r) {
    Thread t = new Thread(r, "policy-load");
    t.setDaemon(true);
    t.start();
  }

  /** The policy the loader thread produced; its PolicyException or RuntimeException as thrown. */
  private static Policy initialPolicy(CompletableFuture<Policy> loading) throws PolicyException {
    try {
      return loading.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof PolicyException p) {
        throw p;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static void stopQuietly(ReadinessRecheck recheck, RotationScheduler scheduler, Observability obs) {
    if (recheck != null) {
      recheck.close();
    }
    try {
      if (scheduler != null) {
        scheduler.shutdown(Duration.ZERO);
      }
    } catch (RuntimeException e) {
      LOG.warn("stopping the scheduler after a failed start failed: {}", e.toString());
    } finally {
      obs.close();
    }
  }
}
