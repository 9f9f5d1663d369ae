package io.mdrotator.schedule;

import static io.mdrotator.schedule.SlotBatches.call;
import static io.mdrotator.schedule.SlotJobs.fingerprints;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every slot of the current policy with Quartz: one durable job per slot, one one-shot
 * trigger at the slot's next due time, replaced after every run. Misfires fire once now: after
 * downtime a due rotation runs as soon as we are back, once.
 */
public final class RotationScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(RotationScheduler.class);

  private final SlotRunner runner;
  private final Clock clock;
  private final SchedulerOptions options;
  private final RotationListener listener;
  private final Scheduler quartz;
  private final SlotBatches batches;
  private final AtomicReference<Policy> policy = new AtomicReference<>(new Policy(java.util.List.of()));
  /** Fingerprints of the policy in force (guarded by membership), so a reload hashes only the new file. */
  private Map<SlotId, String> fingerprintsInForce = Map.of();
  /** Guards the policy swap with job deletion against a finishing run rescheduling its slot. */
  private final Object membership = new Object();
  /** Runs {@link #repairMissing()} every {@link #REPAIR_EVERY}. */
  private final RepairTimer repairs = new RepairTimer();
  private final SlotTriggers triggers;
  private final QuartzLifecycle lifecycle;
  private final PassListings passes = new PassListings();

  /** How often every slot's trigger is checked for existence (two key listings for the whole group). */
  static final Duration REPAIR_EVERY = Duration.ofMinutes(1);

  public RotationScheduler(SlotRunner runner, Clock clock, SchedulerOptions options) {
    this(runner, clock, options, RotationListener.NOOP);
  }

  /** {@code listener} is told {@code slotForgotten} when {@link #apply} removes a slot. */
  public RotationScheduler(
      SlotRunner runner, Clock clock, SchedulerOptions options, RotationListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    this.quartz = QuartzFactory.create(options, clock);
    this.batches = new SlotBatches(quartz, clock);
    this.triggers = new SlotTriggers(quartz);
    this.lifecycle = new QuartzLifecycle(quartz);
    try {
      JobFactory factory = (bundle, scheduler) -> new RotationJob(this);
      quartz.setJobFactory(factory);
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot create Quartz scheduler '" + options.instanceName() + "'", e);
    }
  }

  /**
   * Makes sure every slot of {@code initial} is scheduled, then starts the worker threads. A slot
   * runs now unless the (shared) store already holds its job for the same slot policy with a
   * trigger: a node joining a cluster does not reset the schedule other nodes keep.
   */
  public void start(Policy initial) {
    synchronized (membership) {
      policy.set(initial);
      Map<SlotId, String> want = fingerprints(initial);
      fingerprintsInForce = want;
      fanOut(batches.stale(want, want.keySet(), Map.of()));
    }
    call("start", () -> quartz.start());
    repairs.start(this::repairLogged, REPAIR_EVERY);
  }

  /**
   * Gives every slot of the policy in force that has lost its job or trigger a trigger for now, and
   * returns how many. A slot's one-shot trigger is replaced by its own run; a run that cannot
   * reschedule (its node shutting down as Quartz hands it to a worker, a store error at that moment)
   * would otherwise leave the slot without a trigger until some node starts or reloads.
   */
  public int repairMissing() {
    synchronized (membership) {
      Map<SlotId, String> missing = batches.stale(fingerprintsInForce, Set.of(), fingerprintsInForce);
      if (!missing.isEmpty()) {
        LOG.warn("{} slot(s) had no trigger in the schedule, scheduled now: {}", missing.size(),
            missing.keySet().stream().limit(20).toList());
        batches.scheduleNow(missing);
      }
      return missing.size();
    }
  }

  private void repairLogged() {
    try {
      if (isRunning()) {
        repairMissing();
      }
    } catch (RuntimeException e) {
      LOG.error("schedule repair failed; next attempt in {}", REPAIR_EVERY, e);
    }
  }

  /**
   * Switches to {@code next}: new slots and changed slots run now, removed slots are only
   * unscheduled (their tokens are left alone). Idempotent across a cluster: the slot policy's
   * fingerprint is kept in the job, so the second node applying the same file changes nothing.
   * Jobs are deleted and stored in one batch each; a slot whose policy did not change is only
   * re-stored when its job or trigger is missing from the store.
   */
  public void apply(Policy previous, Policy next) {
    synchronized (membership) {
      Map<SlotId, String> before = previous == policy.get() ? fingerprintsInForce : fingerprints(previous);
      Map<SlotId, String> after = fingerprints(next, previous, before);
      policy.set(next);
      fingerprintsInForce = after;
      List<SlotId> gone = before.keySet().stream().filter(id -> !after.containsKey(id)).toList();
      if (!gone.isEmpty()) {
        batches.delete(gone);
        gone.forEach(listener::slotForgotten);
      }
      Set<SlotId> changed = new HashSet<>();
      after.forEach((id, fp) -> {
        if (!fp.equals(before.get(id))) {
          changed.add(id);
        }
      });
      fanOut(batches.stale(after, changed, before));
    }
  }

  /** Schedules {@code slots} to run now as one pass sharing account listings ({@link PassListings}). */
  private void fanOut(Map<SlotId, String> slots) {
    passes.begin(slots.keySet());
    batches.scheduleNow(slots);
  }

  /** The Quartz scheduler, for tests that damage the schedule. */
  Scheduler quartz() {
    return quartz;
  }

  /** Runs a slot at once (still never concurrently with itself). */
  public void triggerNow(SlotId slot) {
    triggers.fireNow(slot);
  }

  /** Stops firing, lets in-flight runs finish for up to {@code bound}; true when all finished. */
  public boolean shutdown(Duration bound) {
    repairs.stop();
    return lifecycle.shutdown(bound);
  }

  /** True while Quartz is started and not shut down (for liveness). */
  public boolean isRunning() {
    return lifecycle.isRunning();
  }

  /** Jobs in the store's slot group (all nodes' with a clustered store); -1 when the store fails. */
  public int jobCount() {
    return lifecycle.jobCount();
  }

  public Set<SlotId> scheduledSlots() {
    return triggers.scheduledSlots();
  }

  public Optional<Instant> nextRun(SlotId slot) {
    return triggers.nextRun(slot);
  }

  /** Called by {@link RotationJob}: runs the slot, plans its next run, returns the outcome. */
  String runSlot(SlotId id) {
    Policy current = policy.get();
    Optional<SlotPolicy> slot = current.slot(id);
    Optional<AccountPolicy> account = current.account(id.username());
    if (slot.isEmpty() || account.isEmpty()) {
      // Not (yet) in this node's policy. If the job still exists another node knows the slot
      // (policy files out of step): retry later rather than let the slot stall.
      if (triggers.jobExists(id)) {
        LOG.warn("slot {} is not in this node's policy; policy files differ between nodes?", id);
        schedule(id, clock.instant().plus(options.errorDelay()));
      }
      return "skipped: not in this node's policy";
    }
    Instant next;
    String outcome;
    try {
      SlotRunner.Result result = runner.runReporting(slot.get(), account.get(), passes.claim(id));
      next = result.next();
      outcome = result.outcome();
    } catch (RuntimeException e) {
      LOG.error("slot {} run failed; next run in {}", id, options.errorDelay(), e);
      next = clock.instant().plus(options.errorDelay());
      outcome = "failed: " + e.getClass().getSimpleName();
    }
    Instant now = clock.instant();
    Instant earliest = now.plus(options.minDelay());
    Instant latest = now.plus(options.resyncInterval());
    Instant at = next.isBefore(earliest) ? earliest : next.isAfter(latest) ? latest : next;
    synchronized (membership) {
      // apply() may have removed the slot while it ran: then its job stays deleted.
      if (policy.get().slot(id).isEmpty()) {
        return outcome + "; slot removed from the policy meanwhile, not rescheduled";
      }
      schedule(id, at);
    }
    return outcome;
  }

  private void schedule(SlotId id, Instant at) {
    triggers.schedule(id, at, () -> SlotJobs.fingerprint(policy.get(), id));
  }
}
