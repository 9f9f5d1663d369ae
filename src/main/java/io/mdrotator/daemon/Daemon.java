package io.mdrotator.daemon;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.port.ApiCallListener;
import io.mdrotator.observability.CompositeRotationListener;
import io.mdrotator.observability.HealthThresholds;
import io.mdrotator.observability.LoggingSetup;
import io.mdrotator.observability.Observability;
import io.mdrotator.observability.ReadinessRecheck;
import io.mdrotator.observability.SlotKey;
import io.mdrotator.policy.LintSummary;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyDiff;
import io.mdrotator.policy.PolicyException;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.policy.PolicyReloadListener;
import io.mdrotator.policy.PolicyReloader;
import io.mdrotator.document.Problem;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.schedule.RecoverySweep;
import io.mdrotator.schedule.RotationScheduler;
import io.mdrotator.schedule.SlotRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: metrics and health, the two adapters, the rotation engine under Quartz, the
 * policy reloader, and a maintenance tick (heartbeat, Vault token renewal, clock skew).
 * {@link #close()} stops firing and lets in-flight rotations finish for up to {@link #STOP_BOUND}.
 */
public final class Daemon implements AutoCloseable {
  /** How long shutdown waits for in-flight rotations; systemd's TimeoutStopSec must be longer. */
  public static final Duration STOP_BOUND = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  private static final Duration TICK = Duration.ofSeconds(15);

  private final Observability observability;
  private final Adapters adapters;
  private final RotationEngine engine;
  private final RotationScheduler scheduler;
  private final PolicyReloader reloader;
  private final ScheduledExecutorService maintenance;
  private final LivenessGuards guards;
  private final ReadinessRecheck recheck;

  private Daemon(
      Observability observability,
      Adapters adapters,
      RotationEngine engine,
      RotationScheduler scheduler,
      PolicyReloader reloader,
      ScheduledExecutorService maintenance,
      LivenessGuards guards,
      ReadinessRecheck recheck) {
    this.observability = observability;
    this.adapters = adapters;
    this.engine = engine;
    this.scheduler = scheduler;
    this.reloader = reloader;
    this.maintenance = maintenance;
    this.guards = guards;
    this.recheck = recheck;
  }

  /**
   * Loads the policy, starts serving metrics and schedules every slot to run now. {@code extra}
   * receives the engine's events too (the demo prints them). The policy file is parsed and
   * validated on another thread while the metrics listener, the adapters and the (not yet started)
   * scheduler are built: with 10,000 slots both take hundreds of milliseconds, and a 2-core host
   * runs them side by side.
   *
   * @throws PolicyException when the policy file is invalid (whatever was built is closed again and
   *     no slot is scheduled)
   * @throws LoggingSetup.AuditFileException when the configured audit file cannot be opened for
   *     appending (checked before anything starts: the daemon never runs without its audit log)
   */
  public static Daemon start(
      DaemonConfig config, Map<String, String> env, Clock clock, RotationListener extra, SignalHook signals)
      throws PolicyException {
    config.logging().auditFile().ifPresent(LoggingSetup::openAuditFile);
    CompletableFuture<Policy> loading = CompletableFuture.supplyAsync(() -> load(config), Daemon::loaderThread);
    Observability obs;
    try {
      obs = Observability.start(
          new InetSocketAddress(config.metrics().host(), config.metrics().port()),
          clock,
          BuildVersion.version(),
          HealthThresholds.DEFAULT);
    } catch (RuntimeException e) {
      initialPolicy(loading); // an invalid policy is reported first, as before
      throw e;
    }
    RotationScheduler scheduler = null;
    RecoverySweep sweep = new RecoverySweep(clock);
    try {
      ApiCallListener calls = obs.apiCallListener();
      Adapters adapters = Adapters.connect(config, env, (target, op, outcome, elapsed) -> {
        calls.completed(target, op, outcome, elapsed);
        sweep.completed(target, op, outcome, elapsed);
      }, clock);
      obs.metrics().vaultTokenExpirySource(adapters.vault()::tokenExpiry);
      RotationListener listener =
          new CompositeRotationListener(
              List.of(obs.rotationListener(), new AuthFailureListener(obs.health(), clock), extra));
      RotationEngine engine = Engines.engine(config, adapters, clock, listener);
      scheduler =
          new RotationScheduler(SlotRunner.of(engine), clock, Engines.schedulerOptions(config, env), listener);
      obs.metrics().scheduledSlotsSource(scheduler::jobCount);
      Policy initial = initialPolicy(loading);
      obs.policyLoaded(slotKeys(initial));
      scheduler.start(initial);
      PolicyReloader reloader =
          new PolicyReloader(
              config.policyFile(), config.policyLoadOptions(), initial, PolicyReloader.DEFAULT_DEBOUNCE, signals);
      reloader.addListener(new ReloadBridge(scheduler, obs));
      reloader.start();
      ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "md-rotator-maintenance");
        t.setDaemon(true);
        return t;
      });
      LivenessGuards guards = LivenessGuards.start(config, sweep, reloader::current, adapters, engine, scheduler,
          listener, clock);
      ReadinessRecheck recheck =
          new ReadinessRecheck(obs.health(), clock, probes(adapters, reloader::current)).start();
      Daemon daemon = new Daemon(obs, adapters, engine, scheduler, reloader, maintenance, guards, recheck);
      daemon.tick();
      maintenance.scheduleWithFixedDelay(daemon::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("md-rotator started: {} slots, metrics on port {}", initial.slots().size(), obs.port());
      return daemon;
    } catch (IOException e) {
      sweep.close();
      stopQuietly(scheduler, obs);
      throw new UncheckedIOException("cannot watch policy file " + config.policyFile(), e);
    } catch (PolicyException e) {
      sweep.close();
      stopQuietly(scheduler, obs);
      throw e;
    } catch (RuntimeException e) {
      sweep.close();
      stopQuietly(scheduler, obs);
      initialPolicy(loading); // an invalid policy is reported first, as before
      throw e;
    }
  }

  /**
   * The readiness probes: one authenticated read per backend for the policy's first slot (its
   * account's token listing, its Vault secret). An answer of "not found" is still an answer: the
   * backend is up and accepts the daemon's credentials, so the probe returns. With no slot there
   * is nothing the daemon may read, and the probe fails (readiness then follows real traffic).
   */
  static Map<String, ReadinessRecheck.Probe> probes(Adapters adapters, Supplier<Policy> policy) {
    return Map.of(
        "motherduck", () -> {
          try {
            adapters.motherDuck().listTokens(firstSlot(policy).id().username());
          } catch (MotherDuckNotFoundException e) {
            // the account does not exist yet (ensureExists creates it): MotherDuck answered
          }
        },
        "vault", () -> adapters.vault().readLatest(firstSlot(policy).vaultPath()));
  }

  private static SlotPolicy firstSlot(Supplier<Policy> policy) {
    List<SlotPolicy> slots = policy.get().slots();
    if (slots.isEmpty()) {
      throw new IllegalStateException("no slot to probe with");
    }
    return slots.get(0);
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

  private static void stopQuietly(RotationScheduler scheduler, Observability obs) {
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

  /** Port the metrics and health endpoints listen on. */
  public int metricsPort() {
    return observability.port();
  }

  public RotationEngine engine() {
    return engine;
  }

  public Policy policy() {
    return reloader.current();
  }

  public Adapters adapters() {
    return adapters;
  }

  /** Heartbeat (only while Quartz runs), Vault token upkeep, clock skew. Never throws. */
  private void tick() {
    try {
      boolean running = scheduler.isRunning();
      observability.schedulerAlive(running);
      if (running) {
        observability.heartbeat();
      }
      adapters.motherDuck().clockSkew()
          .ifPresent(skew -> observability.metrics().clockSkew("motherduck", skew.negated()));
      adapters.vault().session().maintain();
    } catch (RuntimeException e) {
      LOG.warn("maintenance tick failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    observability.schedulerAlive(false);
    guards.close();
    boolean idle = scheduler.shutdown(STOP_BOUND);
    if (!idle) {
      LOG.warn("stopped with rotations still in flight after {}; the next start recovers them", STOP_BOUND);
    }
    maintenance.shutdownNow();
    recheck.close();
    reloader.close();
    observability.close();
    LOG.info("md-rotator stopped");
  }

  static List<SlotKey> slotKeys(Policy policy) {
    return policy.slots().stream().map(s -> new SlotKey(s.id(), s.tokenType().wire())).toList();
  }

  /** Applies a reloaded policy to the scheduler and the metrics; reports rejected reloads. */
  private record ReloadBridge(RotationScheduler scheduler, Observability obs) implements PolicyReloadListener {
    @Override
    public void applied(Policy previous, Policy next, PolicyDiff diff) {
      long t0 = System.nanoTime();
      List<SlotKey> keys = slotKeys(next);
      // Series first: an added slot runs as soon as it is scheduled and reports at once; a removed
      // slot's late events are ignored. The load is reported (readiness, metrics) once both are done.
      obs.metrics().syncSlots(keys);
      long t1 = System.nanoTime();
      scheduler.apply(previous, next);
      long t2 = System.nanoTime();
      obs.policyApplied(keys.size());
      LOG.info("policy applied: {} slots; series synced in {} ms, schedule updated in {} ms", keys.size(),
          (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    @Override
    public void rejected(List<Problem> problems) {
      obs.policyReloadFailed(problems.isEmpty() ? "invalid policy" : problems.get(0).format());
    }
  }
}
