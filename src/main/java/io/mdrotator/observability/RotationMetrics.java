package io.mdrotator.observability;

import io.mdrotator.port.ApiCallListener;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.FailureReason;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns engine events, API call timings and daemon facts into Prometheus series. Per-slot series
 * ({@link SlotSeries}) exist from {@link #registerSlots} on, before any event; events for other
 * slots are ignored. Thread-safe; listener methods never throw.
 * Timestamps the events do not carry (last success, the slot's observation time) come from the
 * injected clock.
 */
public final class RotationMetrics implements RotationListener, ApiCallListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RotationMetrics.class);
  private static final Duration[] API_BUCKETS = durations(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000);
  private static final Duration[] ROTATION_BUCKETS = durations(250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000);

  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final SlotSeries slots = new SlotSeries();
  private final DaemonMeters daemon;
  private final Timer rotationDuration;
  private volatile ProcessMetrics binders;

  /** Registers the daemon-wide series on {@code registry}; {@code version} labels build_info. */
  public RotationMetrics(PrometheusMeterRegistry registry, Clock clock, String version) {
    this.registry = registry;
    this.clock = clock;
    this.daemon = new DaemonMeters(registry, version);
    registry.getPrometheusRegistry().register(slots);
    rotationDuration = Timer.builder("mdrotator.rotation.duration")
        .description("Wall time of successful rotations (intent to verified)")
        .serviceLevelObjectives(ROTATION_BUCKETS).register(registry);
  }

  /** A fresh Prometheus registry with this class's metrics and JVM/process binders. */
  public static RotationMetrics create(Clock clock, String version) {
    PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMetrics binders = ProcessMetrics.bindTo(reg);
    RotationMetrics m = new RotationMetrics(reg, clock, version);
    m.binders = binders;
    return m;
  }

  /** Releases the JVM binders' listeners and closes the registry. */
  @Override
  public void close() {
    if (binders != null) {
      binders.close();
    }
    registry.close();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The {@code /metrics} handler over this registry, with the per-slot series on the fast text path. */
  ScrapeEndpoint scrapeEndpoint() {
    return new ScrapeEndpoint(registry.getPrometheusRegistry(), Optional.of(slots));
  }

  /**
   * The exposition {@code /metrics} serves for an {@code Accept} header, uncompressed (for tools
   * and tests; text formats only: protobuf is binary).
   */
  public String scrape(String accept) {
    io.prometheus.metrics.expositionformats.ExpositionFormatWriter w =
        io.prometheus.metrics.expositionformats.ExpositionFormats.init().findWriter(accept);
    try {
      return scrapeEndpoint().render(w, io.prometheus.metrics.config.EscapingScheme.fromAcceptHeader(accept)).text();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot render the exposition", e);
    }
  }

  /** Makes the slots' series exist now (idempotent; a changed token type re-labels the slot). */
  public void registerSlots(Collection<SlotKey> keys) {
    slots.register(keys);
  }

  /** Makes exactly {@code keys} the reported slots: registers new ones, forgets the others. */
  public void syncSlots(Collection<SlotKey> keys) {
    slots.sync(keys);
  }

  /** Removes every series of {@code slot} (and its account's, if it was the last slot). */
  public void forgetSlot(SlotId slot) {
    slots.forget(slot);
  }

  /** Slots that have series now. */
  public int registeredSlots() {
    return slots.size();
  }

  /** A policy load or reload succeeded; call {@link #syncSlots} for its slots too. */
  public void policyReloadSucceeded(int slotCount) {
    daemon.reloadSucceeded(clock.instant(), slotCount);
  }

  /** A load failed; the previous policy stays in force. */
  public void policyReloadFailed() {
    daemon.reloadFailed(clock.instant());
  }

  public void heartbeat(Instant at) {
    daemon.heartbeat(at);
  }

  /** Local clock minus {@code target}'s clock (from its HTTP Date header); positive: we are ahead. */
  public void clockSkew(String target, Duration skew) {
    daemon.clockSkew(target, skew.toMillis() / 1000.0);
  }

  /** Where the expiry of md-rotator's own Vault token is read at scrape time; cheap, no I/O. */
  public void vaultTokenExpirySource(Supplier<Optional<Instant>> source) {
    daemon.vaultTokenExpirySource(source);
  }

  /** Where the number of scheduled slots is read at scrape time (a negative value reads as NaN). */
  public void scheduledSlotsSource(java.util.function.IntSupplier source) {
    daemon.scheduledSlotsSource(source);
  }

  @Override
  public void completed(String target, String operation, String outcome, Duration elapsed) {
    Timer.builder("mdrotator.api.request.duration")
        .description("Requests to MotherDuck and Vault")
        .tags("target", target, "operation", operation, "outcome", outcome)
        .serviceLevelObjectives(API_BUCKETS).register(registry).record(elapsed);
  }

  @Override
  public void slotObserved(SlotId slot, String tokenType, Optional<Instant> servedTokenExpiry,
      Optional<Instant> nextRotation, int managedTokens, int unmanagedTokensOnAccount) {
    // Only registered slots: a slot removed while its job ran must not come back as series.
    slots.get(slot).ifPresent(v -> {
      Instant now = clock.instant();
      v.observed(servedTokenExpiry, nextRotation, managedTokens, now);
      slots.unmanaged(slot.username(), unmanagedTokensOnAccount, now);
    });
  }

  @Override
  public void servedTokenLiveness(SlotId slot, Liveness liveness) {
    // like slotObserved: late events are expected
    slots.get(slot).ifPresent(v -> v.liveness(liveness, clock.instant()));
  }

  @Override
  public void ducklingsChecked(String username, DucklingStatus status, Optional<Throwable> failure,
      Optional<Instant> nextAttempt) {
    slots.ducklings(username, status, clock.instant());
  }

  @Override
  public void slotForgotten(SlotId slot) {
    forgetSlot(slot);
  }

  @Override
  public void revoked(SlotId slot, String tokenId, RevocationReason reason, boolean success) {
    account(slot).ifPresent(a -> a.revoked(reason, success));
  }

  @Override
  public void rotationSucceeded(SlotId slot, String rotationId, Duration took) {
    rotationDuration.record(took);
    existing(slot).ifPresent(v -> v.succeeded(clock.instant()));
    slots.get(slot).flatMap(v -> slots.account(slot.username())).ifPresent(AccountValues::succeeded);
  }

  @Override
  public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int consecutiveFailures,
      Instant nextAttempt, Optional<Instant> deadline) {
    existing(slot).ifPresent(v -> v.failed(consecutiveFailures, clock.instant()));
    slots.get(slot).flatMap(v -> slots.account(slot.username())).ifPresent(a -> a.failed(FailureReason.of(cause)));
  }

  @Override
  public void casLost(SlotId slot, String rotationId, String tokenId) {
    account(slot).ifPresent(AccountValues::casLost);
  }

  /** Events for a slot nobody registered are unexpected; they are logged, not turned into series. */
  private Optional<SlotValues> existing(SlotId slot) {
    Optional<SlotValues> v = slots.get(slot);
    if (v.isEmpty()) {
      log.warn("metrics: event for unregistered slot {}", slot);
    }
    return v;
  }

  /** The account of a registered slot (counters are per account); an unregistered one is logged. */
  private Optional<AccountValues> account(SlotId slot) {
    return existing(slot).flatMap(v -> slots.account(slot.username()));
  }

  private static Duration[] durations(long... millis) {
    Duration[] d = new Duration[millis.length];
    for (int i = 0; i < millis.length; i++) {
      d[i] = Duration.ofMillis(millis[i]);
    }
    return d;
  }
}
