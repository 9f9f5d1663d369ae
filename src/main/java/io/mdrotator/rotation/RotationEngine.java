package io.mdrotator.rotation;

import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.PlannedAction.ReportUnmanaged;
import io.mdrotator.rotation.SlotObservation.Failures;
import io.mdrotator.port.KvStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The imperative shell around {@link SlotPlanner}: observes a slot (MotherDuck, Vault), plans,
 * executes what is due and reports. Thread-safe; one slot is worked on by one thread at a time,
 * and check-and-set on Vault fences other processes. Adapter exceptions are caught in one place
 * per call ({@link #guarded}) and become a failed {@link SlotOutcome} plus a {@code
 * rotationFailed} event.
 */
public final class RotationEngine {
  static final int MAX_ROUNDS = 4;

  private final MotherDuckApi md;
  private final KvStore kv;
  private final EngineOptions options;
  private final Clock clock;
  private final RotationListener listener;
  private final SlotPlanner planner;
  private final StateStore state;
  private final Rotator rotator;
  private final ActionExecutor executor;
  private final SlotObserver observer;
  private final AbandonedIntents abandoned = new AbandonedIntents();
  private final SlotLocks locks = new SlotLocks();
  private final DucklingSync ducklings;
  private final SlotMemory memory = new SlotMemory();
  private final SlotInspector inspector;

  public RotationEngine(
      MotherDuckApi md,
      KvStore kv,
      EngineOptions options,
      Clock clock,
      RotationListener listener,
      StepHook steps) {
    this.md = md;
    this.kv = kv;
    this.options = options;
    this.clock = clock;
    this.listener = listener;
    this.planner = new SlotPlanner(options);
    this.state = new StateStore(kv);
    Revoker revoker = new Revoker(md, listener, steps);
    this.rotator = new Rotator(md, kv, options, clock, listener, steps, revoker, abandoned);
    this.observer = new SlotObserver(new AccountTokens(md), state, kv, options, abandoned);
    this.executor = new ActionExecutor(md, state, options, listener, rotator, revoker,
        new Retirer(kv, state, options, listener, steps));
    this.ducklings = new DucklingSync(md, clock, options, listener);
    this.inspector = new SlotInspector(observer, planner, memory, ducklings);
  }

  /** An engine with no {@link StepHook}. */
  public RotationEngine(
      MotherDuckApi md, KvStore kv, EngineOptions options, Clock clock, RotationListener listener) {
    this(md, kv, options, clock, listener, StepHook.NONE);
  }

  public EngineOptions options() {
    return options;
  }

  /** Observes the slot, executes everything due now, and says when to look again. */
  public SlotOutcome reconcile(SlotPolicy slot, AccountPolicy account) {
    return reconcile(slot, account, AccountListings.NONE);
  }

  /**
   * As {@link #reconcile(SlotPolicy, AccountPolicy)} as one slot of a pass: its first look uses
   * the account's listing of {@code pass} when another slot of the pass took one (see {@link
   * AccountListings}).
   */
  public SlotOutcome reconcile(SlotPolicy slot, AccountPolicy account, AccountListings pass) {
    return guarded(slot, account, () -> {
      ActionExecutor.Progress p = new ActionExecutor.Progress();
      SlotObservation obs = observer.observe(slot, account, true, memory.failures(slot.id()), pass);
      SlotPlan plan = planner.plan(slot, obs, clock.instant(), account.unmanagedTokensFor(slot));
      remember(slot, plan, !plan.liveness().live()); // before acting: a failure retries from this
      for (int round = 1; round < MAX_ROUNDS && plan.hasWork(); round++) {
        Optional<Rotator.Result.Rotated> r = executor.execute(slot, obs, plan, p, this::recordSuccess);
        // a plan that only rotated, undisturbed, changed nothing but what the rotation reports
        obs = r.isPresent() && r.get().undisturbed() && plan.onlyRotates()
            ? r.get().observedAfter(obs, memory.failures(slot.id()))
            : observe(slot, account, false);
        plan = planner.plan(slot, obs, clock.instant(), account.unmanagedTokensFor(slot));
      }
      return finish(slot, obs, plan, p);
    });
  }

  /**
   * Rotates at once (after finishing any interrupted rotation). With {@code revokePrevious}
   * (compromise mode) every other token of the slot is revoked, but only after the new one is
   * stored and verified.
   */
  public SlotOutcome rotateNow(SlotPolicy slot, AccountPolicy account, boolean revokePrevious) {
    return guarded(slot, account, () -> {
      if (slot.retired()) {
        throw new IllegalArgumentException(slot.id() + " is retired in the policy: it is not rotated");
      }
      ActionExecutor.Progress p = new ActionExecutor.Progress();
      SlotObservation obs = observe(slot, account, true);
      SlotPlan plan = planner.plan(slot, obs, clock.instant());
      executor.executeRecovery(slot, obs, plan, p);
      obs = observe(slot, account, false);
      listener.rotationStarting(slot.id(), PlannedAction.RotateReason.FORCED, obs.served().map(ServedToken::tokenId));
      Rotator.Result r = rotator.rotate(slot, obs);
      if (!(r instanceof Rotator.Result.Rotated rotated)) {
        throw new RotationFailedException(slot.id(), ((Rotator.Result.CasLost) r).rotationId(),
            "store", "another writer stored a token first", null);
      }
      p.rotated = Optional.of(rotated.tokenId());
      recordSuccess(slot.id());
      if (revokePrevious) {
        executor.revokeAllBut(slot, rotated.tokenId(), rotated.replaced(), p);
      }
      obs = observe(slot, account, false);
      return finish(slot, obs, planner.plan(slot, obs, clock.instant()), p);
    });
  }

  /**
   * Retires the slot at once ({@code md-rotator retire --now}): as {@link #reconcile} of the slot
   * retired with no grace, so the record is written (or re-dated to its recording time) first, then
   * every token the slot manages is revoked, then its secret (destroyed with {@code destroy}) and
   * state document are deleted. Idempotent: run again after a failure, it resumes.
   */
  public SlotOutcome retireNow(SlotPolicy slot, AccountPolicy account, boolean destroy) {
    return reconcile(slot.retiredAs(io.mdrotator.policy.Retirement.now(destroy)), account);
  }

  /**
   * Read-only: what the engine would do for the slot at {@code now}; see {@link SlotInspector}.
   */
  public SlotReport inspect(SlotPolicy slot, AccountPolicy account, Instant now) {
    return inspect(slot, account, now, AccountListings.NONE);
  }

  /** As above as one slot of a pass sharing account listings (see {@link AccountListings}). */
  public SlotReport inspect(SlotPolicy slot, AccountPolicy account, Instant now, AccountListings pass) {
    return inspector.inspect(slot, account, now, pass);
  }

  /** Runs {@code work} under the slot's lock, then the account's Duckling check (which never throws). */
  private SlotOutcome guarded(SlotPolicy slot, AccountPolicy account, Supplier<SlotOutcome> work) {
    return locks.holding(slot.id(), () -> {
      try {
        return work.get();
      } catch (RuntimeException e) {
        return failed(slot, e);
      } finally {
        ducklings.apply(slot, account);
      }
    });
  }

  /**
   * Records a failed attempt and plans the retry from what is known of the slot: urgent while its
   * consumers are without a live token or close to it, or when the attempt may have changed what
   * Vault serves (the new token's lifetime is then what counts, and it is not known here).
   */
  private SlotOutcome failed(SlotPolicy slot, RuntimeException e) {
    SlotMemory.Known k = memory.failed(slot.id(), clock.instant(),
        e instanceof RotationFailedException r && r.mayHaveChangedServedToken());
    Failures f = memory.failures(slot.id());
    Optional<Instant> deadline = k.deadline();
    Instant next = RotationTiming.nextAttempt(slot.id(), f, deadline, k.liveness().atRisk(), options);
    String rid = e instanceof RotationFailedException r ? r.rotationId() : "";
    listener.servedTokenLiveness(slot.id(), k.liveness());
    listener.rotationFailed(slot.id(), rid, e, f.consecutive(), next, deadline);
    return SlotOutcome.failedWith(slot.id(), e).servedExpiresAt(deadline).consecutiveFailures(f.consecutive())
        .nextRotation(Optional.of(next)).nextWakeUp(next).build();
  }

  private SlotOutcome finish(
      SlotPolicy slot, SlotObservation obs, SlotPlan plan, ActionExecutor.Progress p) {
    if (plan.liveness().retired() || (plan.liveness().live() && !plan.rotates() && obs.served()
        .flatMap(s -> obs.token(s.tokenId())).map(t -> t.type() == slot.tokenType()).orElse(false))) {
      recordSuccess(slot.id()); // a retired slot's plan ran through: its failure streak ends
    }
    remember(slot, plan, true);
    Optional<TokenInfo> served = obs.served().flatMap(s -> obs.token(s.tokenId()));
    int unmanaged = plan.actionsOf(ReportUnmanaged.class).stream()
        .mapToInt(r -> r.tokenIds().size()).sum();
    long managed = obs.tokens().stream()
        .filter(t -> TokenNames.belongsTo(t.name(), slot.id().slot())).count();
    listener.slotObserved(slot.id(), slot.tokenType().wire(),
        served.flatMap(TokenInfo::expiresAt), plan.nextRotation(), (int) managed, unmanaged);
    return SlotOutcome.succeeded(slot.id())
        .served(served.map(TokenInfo::id), served.flatMap(TokenInfo::expiresAt))
        .rotated(p.rotated).revoked(p.revoked).unmanagedTokens(unmanaged)
        .consecutiveFailures(memory.failures(slot.id()).consecutive())
        .nextRotation(plan.nextRotation()).nextWakeUp(plan.nextWakeUp()).build();
  }

  /** Keeps what {@code plan} judged of the slot; {@code tell}: also report its liveness. */
  private void remember(SlotPolicy slot, SlotPlan plan, boolean tell) {
    memory.judged(slot.id(), plan);
    if (tell) {
      listener.servedTokenLiveness(slot.id(), plan.liveness());
    }
  }

  private void recordSuccess(SlotId slot) {
    memory.succeeded(slot);
  }

  /** The slot's liveness as this engine last judged it ({@link Liveness#UNKNOWN} before any look). */
  public Liveness liveness(SlotId slot) {
    return memory.known(slot).liveness();
  }

  /** Whether the slot's last attempt failed or its consumers were last seen at risk. */
  public boolean needsRecovery(SlotId slot) {
    return consecutiveFailures(slot) > 0 || liveness(slot).atRisk();
  }

  /** Forgets what was known of a slot removed from the policy. */
  public void forget(SlotId slot) {
    memory.forget(slot);
  }

  /** The token id Vault serves for the slot now (one read; no secret leaves this method). */
  public Optional<String> servedTokenId(SlotPolicy slot) {
    return kv.readLatest(slot.vaultPath()).flatMap(SecretContract::served).map(ServedToken::tokenId);
  }

  /** Consecutive failed attempts of the slot (kept in memory). */
  public int consecutiveFailures(SlotId slot) {
    return memory.failures(slot).consecutive();
  }

  private SlotObservation observe(SlotPolicy slot, AccountPolicy account, boolean mayCreateAccount) {
    return observer.observe(slot, account, mayCreateAccount, memory.failures(slot.id()));
  }
}
