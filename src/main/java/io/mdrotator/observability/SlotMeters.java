package io.mdrotator.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The per-slot series of {@link RotationMetrics}, registered together so that they all exist from
 * start-up and can be removed together. Unknown timestamps are NaN (no value yet).
 */
final class SlotMeters {
  static final String RESULT_SUCCESS = "success";
  static final String RESULT_FAILURE = "failure";
  static final String RESULT_CAS_LOST = "cas_lost";

  final SlotKey key;
  private final List<Meter> meters = new ArrayList<>();
  volatile double expiry = Double.NaN;
  volatile double nextRotation = Double.NaN;
  volatile double lastSuccess = Double.NaN;
  volatile double consecutiveFailures = 0;
  volatile double managedTokens = Double.NaN;
  final Counter succeeded;
  final Counter failed;
  final Counter casLost;
  private final Map<RevocationReason, Counter> revokedOk = new EnumMap<>(RevocationReason.class);
  private final Map<RevocationReason, Counter> revokedFailed = new EnumMap<>(RevocationReason.class);

  SlotMeters(MeterRegistry reg, SlotKey key) {
    this.key = key;
    Tags slot = Tags.of("account", key.slot().username(), "slot", key.slot().slot());
    gauge(reg, "mdrotator.token.expiry.timestamp.seconds",
        "Expiry of the token Vault serves for the slot (NaN: unknown or never expires)",
        slot.and("token_type", key.tokenType()), s -> s.expiry);
    gauge(reg, "mdrotator.token.next.rotation.timestamp.seconds",
        "When the next rotation of the slot is planned", slot, s -> s.nextRotation);
    gauge(reg, "mdrotator.rotation.last.success.timestamp.seconds",
        "Last successful rotation of the slot by this process (NaN: none yet)", slot,
        s -> s.lastSuccess);
    gauge(reg, "mdrotator.rotation.consecutive.failures",
        "Failed rotation attempts since the last success", slot, s -> s.consecutiveFailures);
    gauge(reg, "mdrotator.managed.tokens",
        "Live tokens md-rotator minted for the slot (healthy: 1 or 2)", slot, s -> s.managedTokens);
    succeeded = counter(reg, "mdrotator.rotations", "Rotations by result", slot.and("result", RESULT_SUCCESS));
    failed = counter(reg, "mdrotator.rotations", "Rotations by result", slot.and("result", RESULT_FAILURE));
    casLost = counter(reg, "mdrotator.rotations", "Rotations by result", slot.and("result", RESULT_CAS_LOST));
    for (RevocationReason r : RevocationReason.values()) {
      Tags t = slot.and("reason", r.label());
      revokedOk.put(r, counter(reg, "mdrotator.revocations", "Token revocations", t.and("result", RESULT_SUCCESS)));
      revokedFailed.put(r, counter(reg, "mdrotator.revocations", "Token revocations", t.and("result", RESULT_FAILURE)));
    }
  }

  void observed(Optional<Instant> servedExpiry, Optional<Instant> next, int managed) {
    expiry = servedExpiry.map(SlotMeters::seconds).orElse(Double.NaN);
    nextRotation = next.map(SlotMeters::seconds).orElse(Double.NaN);
    managedTokens = managed;
  }

  void revoked(RevocationReason reason, boolean success) {
    (success ? revokedOk : revokedFailed).get(reason).increment();
  }

  void removeFrom(MeterRegistry reg) {
    meters.forEach(reg::remove);
    meters.clear();
  }

  static double seconds(Instant at) {
    return at.getEpochSecond() + at.getNano() / 1e9;
  }

  private void gauge(MeterRegistry reg, String name, String help, Tags tags, ToDoubleFunction<SlotMeters> f) {
    meters.add(Gauge.builder(name, this, f).description(help).tags(tags).strongReference(true).register(reg));
  }

  private Counter counter(MeterRegistry reg, String name, String help, Tags tags) {
    Counter c = Counter.builder(name).description(help).tags(tags).register(reg);
    meters.add(c);
    return c;
  }
}
