package io.mdrotator.reliability.faults;

import io.mdrotator.e2e.RevocationAuditor;
import io.mdrotator.tools.probe.ConsumerProbe;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.SlotOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One cell's slot: its engine, probe and auditor, and the step driver. The driver plays the
 * scheduler (a reconcile at every wake-up the engine asks for) and the consumers (a probe read every
 * {@link #PROBE_STEP} of true time and after every reconcile), so a served token that dies between
 * two reconciles is seen.
 */
final class Slot implements AutoCloseable {
  /** Longest clock move between two probe reads (consumers re-read often; the emulator clock jumps). */
  static final Duration PROBE_STEP = Duration.ofSeconds(30);

  final FaultWorld world;
  final SlotPolicy policy;
  final AccountPolicy account;
  final RotationEngine engine;
  final ConsumerProbe probe;
  final RevocationAuditor auditor;
  final CellEvents events;
  final List<SlotOutcome> outcomes = new ArrayList<>();
  /** Reconciles the modelled liveness watch started (it found the served token not live). */
  int watchReconciles;
  /** The engine's clock minus the true clock. */
  final Duration skew;

  Slot(FaultWorld world, SlotPolicy policy, AccountPolicy account, RotationEngine engine, ConsumerProbe probe,
      RevocationAuditor auditor, CellEvents events, Duration skew) {
    this.events = events;
    this.world = world;
    this.skew = skew;
    this.policy = policy;
    this.account = account;
    this.engine = engine;
    this.probe = probe;
    this.auditor = auditor;
  }

  String user() {
    return account.username();
  }

  SlotOutcome reconcile() {
    SlotOutcome o = engine.reconcile(policy, account);
    outcomes.add(o);
    probe.checkOnce();
    return o;
  }

  /**
   * Reconciles at every wake-up the engine asks for until the true clock reaches {@code until},
   * moving the clock in steps of at most {@link #PROBE_STEP} with a probe read after each step.
   * {@code atEachStep} runs with the true time before every step's reads and reconciles (cells use
   * it to start and stop a fault at given instants).
   */
  void runUntil(Instant until, Consumer<Instant> atEachStep) {
    runUntil(until, atEachStep, Optional.empty(), List.of());
  }

  /**
   * As {@link #runUntil(Instant, Consumer)}, also stopping at every instant of {@code stops}, and
   * with {@code watch} the daemon's served-token liveness watch modelled: at every multiple of the
   * period since {@code watchFrom}, a look at what Vault serves and at MotherDuck's live tokens of
   * the account (the watch's one listing), and a reconcile at once when the served token is not
   * among them, as the daemon runs a slot whose served token it finds lost.
   */
  void runUntil(Instant until, Consumer<Instant> atEachStep, Optional<Duration> watch, List<Instant> stops) {
    Instant wake = world.clock.instant();
    Instant watchFrom = wake;
    for (int i = 0; i < 10_000 && world.clock.instant().isBefore(until); i++) {
      Instant now = world.clock.instant();
      atEachStep.accept(now);
      boolean reconciled = false;
      if (!now.isBefore(wake)) {
        wake = reconcileAndAsk(now);
        reconciled = true;
      }
      if (watch.isPresent() && !reconciled && onTick(watchFrom, now, watch.get()) && servedNotListedLive()) {
        watchReconciles++;
        wake = reconcileAndAsk(now);
      }
      Instant next = min(min(wake, now.plus(PROBE_STEP)), until);
      if (watch.isPresent()) {
        next = min(next, nextTick(watchFrom, now, watch.get()));
      }
      for (Instant stop : stops) {
        if (stop.isAfter(now)) {
          next = min(next, stop);
        }
      }
      world.clock.set(next);
      probe.checkOnce();
    }
  }

  private Instant reconcileAndAsk(Instant now) {
    Instant asked = reconcile().nextWakeUp().minus(skew); // engine time to true time
    return asked.isAfter(now) ? asked : now.plusSeconds(1);
  }

  private static boolean onTick(Instant from, Instant now, Duration period) {
    return Duration.between(from, now).toMillis() % period.toMillis() == 0;
  }

  private static Instant nextTick(Instant from, Instant now, Duration period) {
    long p = period.toMillis();
    long since = Duration.between(from, now).toMillis();
    return from.plusMillis((since / p + 1) * p);
  }

  /** What the watch sees: Vault serves a token that is not among MotherDuck's live tokens of the account. */
  boolean servedNotListedLive() {
    Optional<String> served = servedTokenId();
    return served.isPresent() && world.md.liveTokens(user()).stream().noneMatch(t -> t.id().equals(served.get()));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Vault's served token id, if any. */
  Optional<String> servedTokenId() {
    return world.vault.currentData(policy.vaultPath()).map(d -> String.valueOf(d.get("token_id")));
  }

  /** Live managed tokens of this slot on MotherDuck. */
  List<TokenInfo> liveManaged() {
    return world.md.liveTokens(user()).stream().filter(t -> t.name().startsWith("md-rotator/")).toList();
  }

  /** Every token id Vault ever served for the slot, oldest first. */
  List<String> servedHistory() {
    return auditor.history().values().stream().map(RevocationAuditor.Stored::tokenId).toList();
  }

  Map<Long, RevocationAuditor.Stored> history() {
    return auditor.history();
  }

  @Override
  public void close() {
    probe.close();
  }
}
