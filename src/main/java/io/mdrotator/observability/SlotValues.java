package io.mdrotator.observability;

import io.mdrotator.rotation.Liveness;
import io.prometheus.metrics.model.snapshots.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * One slot's gauge values, read by {@link SlotSeries} at scrape time; a token-type change replaces
 * it (new series). The expiry keeps the last known expiry of the served token: an observation
 * without one (the token expired or was revoked and is no longer listed) leaves it. {@code observedAt}
 * is when this process last set any of them from what it saw, so that several replicas' values for
 * one slot can be ranked by freshness. Counters live per account ({@link AccountValues}). While the
 * slot is retiring or retired, the gauges that watch a token in service (expiry, live, next
 * rotation, managed tokens) read NaN (no series), so no alert on them fires for a slot meant to
 * lose its token; failures still count.
 */
final class SlotValues {
  final SlotKey key;
  final Labels slotLabels;
  final Labels typedLabels;
  /** The label sets as exposition text, {@code {account="..",slot=".."} }, for {@link SlotSeriesText}. */
  final byte[] slotLabelText;
  final byte[] typedLabelText;
  volatile double expiry = Double.NaN;
  volatile double live = Double.NaN;
  volatile double nextRotation = Double.NaN;
  volatile double lastSuccess = Double.NaN;
  volatile double consecutiveFailures = 0;
  volatile double managedTokens = Double.NaN;
  volatile double observedAt = Double.NaN;
  private volatile boolean retired;
  /** Per gauge of {@link SlotSeries#GAUGES}: the last value written as text, reused while it stays. */
  private final ValueText[] valueTexts = new ValueText[SlotSeries.GAUGES.size()];

  /** A value and its exposition text; immutable, so a scrape never sees one without the other. */
  private record ValueText(long bits, byte[] text) {}

  SlotValues(SlotKey key) {
    this.key = key;
    this.slotLabels = Labels.of("account", key.slot().username(), "slot", key.slot().slot());
    this.typedLabels = slotLabels.add("token_type", key.tokenType());
    this.slotLabelText = labelText(slotLabels);
    this.typedLabelText = labelText(typedLabels);
  }

  void succeeded(Instant at) {
    consecutiveFailures = 0;
    lastSuccess = SlotSeries.seconds(at);
    observedAt = lastSuccess;
  }

  void failed(int consecutive, Instant at) {
    consecutiveFailures = consecutive;
    observedAt = SlotSeries.seconds(at);
  }

  /** An empty {@code servedExpiry} keeps the last known one: a dead token's expiry stays visible. */
  void observed(Optional<Instant> servedExpiry, Optional<Instant> next, int managed, Instant at) {
    observedAt = SlotSeries.seconds(at);
    if (retired) {
      return;
    }
    servedExpiry.ifPresent(e -> expiry = SlotSeries.seconds(e));
    nextRotation = next.map(SlotSeries::seconds).orElse(Double.NaN);
    managedTokens = managed;
    observedAt = SlotSeries.seconds(at);
  }

  /** {@link Liveness.State#UNKNOWN} keeps the previous live value; a known expiry is taken. */
  void liveness(Liveness l, Instant at) {
    observedAt = SlotSeries.seconds(at);
    if (l.retired()) {
      retired = true;
      expiry = Double.NaN;
      live = Double.NaN;
      nextRotation = Double.NaN;
      managedTokens = Double.NaN;
      return;
    }
    if (l.state() != Liveness.State.UNKNOWN) {
      retired = false;
    } else if (retired) {
      return;
    }
    l.expiresAt().ifPresent(e -> expiry = SlotSeries.seconds(e));
    if (l.state() != Liveness.State.UNKNOWN) {
      live = l.live() ? 1 : 0;
    }
    observedAt = SlotSeries.seconds(at);
  }

  /** The consecutive failures while there are any, else NaN (no series). */
  double consecutiveFailuresIfAny() {
    double f = consecutiveFailures;
    return f > 0 ? f : Double.NaN;
  }

  /** The managed-token count while it is outside the healthy 1..2, else NaN (no series). */
  double managedTokensIfUnhealthy() {
    double m = managedTokens;
    return m >= 1 && m <= 2 ? Double.NaN : m;
  }

  /**
   * {@code value} as the client library writes it ({@link Double#toString}, {@code +Inf}, {@code -Inf}),
   * cached per gauge: most values change once per observation, while every scrape writes them.
   */
  byte[] valueText(int gauge, double value) {
    long bits = Double.doubleToRawLongBits(value);
    ValueText cached = valueTexts[gauge];
    if (cached != null && cached.bits() == bits) {
      return cached.text();
    }
    String text = value == Double.POSITIVE_INFINITY ? "+Inf"
        : value == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(value);
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    valueTexts[gauge] = new ValueText(bits, bytes);
    return bytes;
  }

  /** {@code {name="value",...} } in exposition text (labels sorted by name, values escaped). */
  private static byte[] labelText(Labels labels) {
    StringBuilder b = new StringBuilder(64).append('{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(labels.getName(i)).append("=\"");
      for (char c : labels.getValue(i).toCharArray()) {
        switch (c) {
          case '\\' -> b.append("\\\\");
          case '"' -> b.append("\\\"");
          case '\n' -> b.append("\\n");
          default -> b.append(c);
        }
      }
      b.append('"');
    }
    return b.append("} ").toString().getBytes(StandardCharsets.UTF_8);
  }
}
