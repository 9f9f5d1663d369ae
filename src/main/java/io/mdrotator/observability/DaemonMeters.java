package io.mdrotator.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon-wide series of {@link RotationMetrics}: policy, heartbeat, Vault token, skew, build. */
final class DaemonMeters {
  private static final Logger log = LoggerFactory.getLogger(DaemonMeters.class);

  private final PrometheusMeterRegistry registry;
  private final Map<String, double[]> skews = new ConcurrentHashMap<>();
  private final Counter reloadOk;
  private final Counter reloadFailed;
  private volatile double lastReload = Double.NaN;
  private volatile double lastReloadFailure = Double.NaN;
  private volatile double policySlots = Double.NaN;
  private volatile double heartbeat = Double.NaN;
  private volatile Supplier<Optional<Instant>> vaultTokenExpiry = Optional::empty;
  private volatile java.util.function.IntSupplier scheduledSlots = () -> -1;

  DaemonMeters(PrometheusMeterRegistry registry, String version) {
    this.registry = registry;
    reloadOk = reloadCounter("success");
    reloadFailed = reloadCounter("failure");
    gauge("mdrotator.policy.last.reload.success.timestamp.seconds", "Last successful policy load", d -> d.lastReload);
    gauge("mdrotator.policy.last.reload.failure.timestamp.seconds", "Last failed policy load (NaN: none)",
        d -> d.lastReloadFailure);
    gauge("mdrotator.policy.slots", "Slots in the loaded policy", d -> d.policySlots);
    gauge("mdrotator.heartbeat.timestamp.seconds", "Last scheduler heartbeat", d -> d.heartbeat);
    gauge("mdrotator.vault.token.expiry.timestamp.seconds",
        "Expiry of md-rotator's own Vault token (NaN: unknown or non-expiring)", DaemonMeters::vaultExpiry);
    gauge("mdrotator.scheduled.slots",
        "Slots with a job in the scheduler's store (the cluster's with scheduler.store: jdbc; NaN: unknown)",
        DaemonMeters::scheduled);
    clockSkew("motherduck", Double.NaN);
    clockSkew("vault", Double.NaN);
    Info.builder().name("mdrotator_build_info").help("md-rotator build").labelNames("version")
        .register(registry.getPrometheusRegistry()).addLabelValues(version);
  }

  void reloadSucceeded(Instant at, int slotCount) {
    reloadOk.increment();
    lastReload = SlotSeries.seconds(at);
    policySlots = slotCount;
  }

  void reloadFailed(Instant at) {
    reloadFailed.increment();
    lastReloadFailure = SlotSeries.seconds(at);
  }

  void heartbeat(Instant at) {
    heartbeat = SlotSeries.seconds(at);
  }

  void vaultTokenExpirySource(Supplier<Optional<Instant>> source) {
    vaultTokenExpiry = source;
  }

  void scheduledSlotsSource(java.util.function.IntSupplier source) {
    scheduledSlots = source;
  }

  void clockSkew(String target, double seconds) {
    skews.computeIfAbsent(target, t -> {
      double[] holder = {Double.NaN};
      Gauge.builder("mdrotator.clock.skew.seconds", holder, h -> h[0])
          .description("Local clock minus the target's clock").tag("target", t)
          .strongReference(true).register(registry);
      return holder;
    })[0] = seconds;
  }

  private double vaultExpiry() {
    try {
      return vaultTokenExpiry.get().map(SlotSeries::seconds).orElse(Double.NaN);
    } catch (RuntimeException e) {
      log.warn("metrics: vault token expiry source failed: {}", e.toString());
      return Double.NaN;
    }
  }

  private double scheduled() {
    try {
      int n = scheduledSlots.getAsInt();
      return n < 0 ? Double.NaN : n;
    } catch (RuntimeException e) {
      log.warn("metrics: scheduled slots source failed: {}", e.toString());
      return Double.NaN;
    }
  }

  private Counter reloadCounter(String result) {
    return Counter.builder("mdrotator.policy.reloads").description("Policy loads by result")
        .tag("result", result).register(registry);
  }

  private void gauge(String name, String help, ToDoubleFunction<DaemonMeters> f) {
    Gauge.builder(name, this, f).description(help).strongReference(true).register(registry);
  }
}
