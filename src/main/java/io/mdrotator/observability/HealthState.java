package io.mdrotator.observability;

import io.mdrotator.observability.HealthReport.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Facts the daemon reports about itself (heartbeat, scheduler, policy, target contacts), evaluated
 * purely against a time and thresholds into liveness and readiness reports. Thread-safe.
 */
public final class HealthState {
  private final Instant startedAt;
  private volatile Instant heartbeat;
  private volatile boolean schedulerAlive = true;
  private volatile Instant policyLoadedAt;
  private volatile int policySlots;
  private volatile String policyError;
  private final Map<String, Contact> contacts = new ConcurrentHashMap<>();

  /** {@code startedAt} stands in for the first heartbeat, so a starting daemon is live. */
  public HealthState(Instant startedAt) {
    this.startedAt = startedAt;
  }

  /**
   * {@code failing}: the most recent report was a failure (order of calls, not of timestamps);
   * {@code outage}: that failure was no answer or a server error, which a probe may clear.
   */
  private record Contact(Instant lastOk, Instant lastFailure, String failure, boolean failing, boolean outage) {}

  public void heartbeat(Instant at) {
    heartbeat = at;
  }

  public void schedulerAlive(boolean alive) {
    schedulerAlive = alive;
  }

  public void policyLoaded(Instant at, int slots) {
    policyLoadedAt = at;
    policySlots = slots;
    policyError = null;
  }

  /** A reload failed; the previously loaded policy (if any) stays in force and ready. */
  public void policyFailed(String reason) {
    policyError = reason;
  }

  /** {@code target} ({@code vault}, {@code motherduck}) answered an authenticated request. */
  public void targetOk(String target, Instant at) {
    contacts.merge(target, new Contact(at, null, null, false, false),
        (old, n) -> new Contact(at, old.lastFailure, old.failure, false, false));
  }

  /**
   * {@code target} answered but refused the daemon (credentials rejected, permission denied);
   * only a later success clears it, never a {@link ReadinessRecheck} probe (a read may be allowed
   * where the failing write is not). {@code reason} must not contain a secret.
   */
  public void targetFailed(String target, Instant at, String reason) {
    failed(target, at, reason, false);
  }

  /**
   * {@code target} did not answer or answered with a server error (an outage): failing, and
   * re-checked by {@link ReadinessRecheck} until it answers. {@code reason} must not contain a secret.
   */
  public void targetDown(String target, Instant at, String reason) {
    failed(target, at, reason, true);
  }

  private void failed(String target, Instant at, String reason, boolean outage) {
    contacts.merge(target, new Contact(null, at, reason, true, outage),
        (old, n) -> new Contact(old.lastOk, at, reason, true, outage));
  }

  /**
   * True while {@code target} keeps readiness down for want of an answer: never contacted, or down
   * (see {@link #targetDown}) since its last report. Such a target is only seen to recover when
   * something calls it again, so {@link ReadinessRecheck} probes it. A healthy target whose last
   * success merely ages is left to the daemon's own traffic; a refusal ({@link #targetFailed})
   * waits for a real success.
   */
  public boolean needsRecheck(String target) {
    Contact c = contacts.get(target);
    return c == null || (c.failing && c.outage);
  }

  /** Liveness: the scheduler runs and its heartbeat is recent. */
  public HealthReport liveness(Instant now, HealthThresholds t) {
    Instant beat = heartbeat != null ? heartbeat : startedAt;
    Duration age = Duration.between(beat, now);
    List<Check> checks = List.of(
        new Check("scheduler", schedulerAlive, schedulerAlive ? "running" : "stopped"),
        new Check("heartbeat", age.compareTo(t.heartbeatMaxAge()) <= 0,
            (heartbeat == null ? "none since start " : "last ") + beat + " (" + age.toSeconds() + "s ago)"));
    return HealthReport.of(checks);
  }

  /**
   * Readiness: a policy is loaded and every required target answered within the threshold, with
   * no failure since its last success.
   */
  public HealthReport readiness(Instant now, HealthThresholds t) {
    List<Check> checks = new ArrayList<>();
    Instant loaded = policyLoadedAt;
    String detail = loaded == null ? "not loaded" : "loaded " + loaded + ", " + policySlots + " slots";
    checks.add(new Check("policy", loaded != null,
        policyError == null ? detail : detail + "; last reload failed: " + policyError));
    t.requiredTargets().stream().sorted().forEach(target -> checks.add(targetCheck(target, now, t)));
    return HealthReport.of(checks);
  }

  private Check targetCheck(String target, Instant now, HealthThresholds t) {
    Contact c = contacts.get(target);
    if (c == null || c.lastOk == null) {
      return new Check(target, false, c == null ? "never contacted" : "never succeeded: " + c.failure);
    }
    if (c.failing) {
      return new Check(target, false, "failing since " + c.lastFailure + ": " + c.failure);
    }
    Duration age = Duration.between(c.lastOk, now);
    boolean fresh = age.compareTo(t.targetMaxAge()) <= 0;
    return new Check(target, fresh, "last ok " + c.lastOk + " (" + age.toSeconds() + "s ago)");
  }
}
