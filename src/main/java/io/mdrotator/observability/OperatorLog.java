package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.FailureReason;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The log lines an operator acts on, through an ordinary SLF4J logger: a failed rotation at WARN,
 * or ERROR while the slot serves no live token; a slot losing its live token (ERROR; WARN or INFO
 * when first seen so) and getting one (INFO, with how long it lasted); a served token lost between
 * resyncs (WARN); a rejected or failed Duckling configuration (WARN); a recovery sweep (INFO).
 * Remembers each slot's last known liveness ({@link Liveness.State#UNKNOWN} tells nothing new)
 * until the slot is forgotten. Lines carry ids and masked cause text, never a secret. Thread-safe;
 * never throws.
 */
@SuppressWarnings("try") // SlotMdc is used for its scope only
public final class OperatorLog implements RotationListener {
  private final Logger log;
  private final Clock clock;
  private final Map<SlotId, Seen> seen = new ConcurrentHashMap<>();

  /** A slot's last known liveness and since when it has been live, or not live. */
  private record Seen(Liveness liveness, Instant since) {}

  public OperatorLog(Clock clock) {
    this(LoggerFactory.getLogger(OperatorLog.class), clock);
  }

  OperatorLog(Logger log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  @Override
  public void servedTokenLiveness(SlotId slot, Liveness liveness) {
    if (liveness.state() == Liveness.State.UNKNOWN) {
      return;
    }
    if (liveness.retired()) { // not a loss: the slot is meant to lose its token
      Seen before = seen.put(slot, new Seen(liveness, clock.instant()));
      if (before == null || before.liveness().state() != liveness.state()) {
        try (SlotMdc mdc = SlotMdc.of(slot)) {
          log.info("slot {} is {}", slot, liveness.state().label());
        }
      }
      return;
    }
    Instant now = clock.instant();
    Seen[] before = new Seen[1];
    Seen after = seen.compute(slot, (k, b) -> {
      before[0] = b;
      boolean same = b != null && b.liveness().live() == liveness.live();
      return new Seen(liveness, same ? b.since() : notLiveSince(liveness, now));
    });
    if (before[0] == null || before[0].liveness().live() != liveness.live()) {
      transition(slot, before[0], after, now);
    }
  }

  /**
   * Losing the live token logs ERROR. A slot first seen without one logs WARN, or INFO when Vault
   * serves nothing yet (a new slot): its rotation runs at once, and a failing one logs ERROR.
   * Getting a live token logs INFO. (Messages avoid "token:" and "token=", which the masking
   * encoders would take for a credential.)
   */
  private void transition(SlotId slot, Seen before, Seen after, Instant now) {
    Liveness l = after.liveness();
    try (SlotMdc mdc = SlotMdc.of(slot)) {
      if (!l.live()) {
        log.atLevel(before != null ? Level.ERROR : l.state() == Liveness.State.MISSING ? Level.INFO : Level.WARN)
            .log("slot {} serves no live token ({})", slot, describe(l));
      } else if (before != null) {
        log.info("slot {} serves a live token ({}) after {} without one", slot,
            l.tokenId().map(id -> "token_id=" + id).orElse("token id unknown"),
            human(Duration.between(before.since(), now)));
      }
    }
  }

  @Override
  public void rotationFailed(SlotId slot, String rotationId, Throwable cause, int consecutiveFailures,
      Instant nextAttempt, Optional<Instant> deadline) {
    Seen last = seen.get(slot);
    boolean noLiveToken = last != null && !last.liveness().live();
    String risk = noLiveToken ? ", served token " + last.liveness().state().label() : "";
    try (SlotMdc mdc = SlotMdc.of(slot, knownRotation(rotationId))) {
      log.atLevel(noLiveToken ? Level.ERROR : Level.WARN).log(
          "rotation of slot {} failed{} (reason {}, {} in a row, next attempt at {}{}): {}",
          slot, FailureText.step(cause).map(s -> " at " + s).orElse(""), FailureReason.of(cause).label(),
          consecutiveFailures, nextAttempt, risk, FailureText.chain(cause));
    }
  }

  /** The engine reports a failure before any intent with an empty or {@code -} rotation id. */
  private static String knownRotation(String rotationId) {
    return rotationId == null || rotationId.isBlank() || "-".equals(rotationId) ? null : rotationId;
  }

  @Override
  public void servedTokenLost(SlotId slot, String tokenId, Liveness.State state) {
    try (SlotMdc mdc = SlotMdc.of(slot)) {
      log.warn("slot {}: served token token_id={} is {} ({}); rotating now", slot, tokenId, state.label(),
          AuditLog.lostCause(state));
    }
  }

  @Override
  public void ducklingsChecked(String username, DucklingStatus status, Optional<Throwable> failure,
      Optional<Instant> nextAttempt) {
    String next = nextAttempt.map(Instant::toString).orElse("not planned");
    String reason = failure.map(f -> FailureReason.of(f).label()).orElse("unknown");
    String cause = failure.map(FailureText::chain).orElse("no cause reported");
    switch (status) {
      case REJECTED -> log.warn("Duckling configuration of account {} rejected by MotherDuck (reason {}, next attempt"
          + " at {}); the account's tokens are served regardless: {}", username, reason, next, cause);
      case FAILED -> log.warn("Duckling configuration of account {} could not be checked or applied (reason {},"
          + " next attempt at {}): {}", username, reason, next, cause);
      case UPDATED -> log.info("Duckling configuration of account {} updated to match the policy", username);
      case IN_SYNC -> { } // nothing new
    }
  }

  @Override
  public void recoverySweep(String backend, int slots) {
    log.info("{} answers again: running {} failing or at-risk slots now", backend, slots);
  }

  @Override
  public void slotForgotten(SlotId slot) {
    seen.remove(slot);
  }

  /** An expired token has been dead since its expiry; anything else since it was seen so. */
  private static Instant notLiveSince(Liveness l, Instant now) {
    if (l.state() == Liveness.State.EXPIRED && l.expiresAt().isPresent() && l.expiresAt().get().isBefore(now)) {
      return l.expiresAt().get();
    }
    return now;
  }

  /** {@code expired: token_id=tok-1, expired at 2026-...}, {@code missing: nothing served}. */
  static String describe(Liveness l) {
    String id = l.tokenId().map(t -> "token_id=" + t).orElse("nothing served");
    String expiry = l.expiresAt()
        .map(e -> (l.state() == Liveness.State.EXPIRED ? ", expired at " : ", expires at ") + e).orElse("");
    return l.state().label() + ": " + id + expiry;
  }

  /** {@code 7m 47s}, {@code 45s}, {@code 2h 0m 3s}: whole seconds, no leading zero units. */
  static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m " + s % 60 + "s";
    }
    return s / 3600 + "h " + s % 3600 / 60 + "m " + s % 60 + "s";
  }
}
