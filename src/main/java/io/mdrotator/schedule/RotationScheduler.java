package io.mdrotator.schedule;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.JobFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every slot of the current policy with Quartz: one durable job per slot, one one-shot
 * trigger at the slot's next due time, replaced after every run. Misfires fire once now: after
 * downtime a due rotation runs as soon as we are back, once.
 */
public final class RotationScheduler {
  static final String GROUP = "md-rotator";
  private static final Logger LOG = LoggerFactory.getLogger(RotationScheduler.class);

  private final SlotRunner runner;
  private final Clock clock;
  private final SchedulerOptions options;
  private final RotationListener listener;
  private final Scheduler quartz;
  private final AtomicReference<Policy> policy = new AtomicReference<>(new Policy(java.util.List.of()));

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
    try {
      this.quartz = new StdSchedulerFactory(options.quartzProperties()).getScheduler();
      JobFactory factory = (bundle, scheduler) -> new RotationJob(this);
      quartz.setJobFactory(factory);
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot create Quartz scheduler '" + options.instanceName() + "'", e);
    }
  }

  /** Schedules every slot of {@code initial} to run now, then starts the worker threads. */
  public void start(Policy initial) {
    policy.set(initial);
    initial.slots().forEach(s -> schedule(s.id(), clock.instant()));
    call("start", () -> quartz.start());
  }

  /**
   * Switches to {@code next}: new slots and changed slots run now, removed slots are only
   * unscheduled (their tokens are left alone).
   */
  public void apply(Policy previous, Policy next) {
    policy.set(next);
    Map<SlotId, Object> before = fingerprints(previous);
    Map<SlotId, Object> after = fingerprints(next);
    for (SlotId gone : before.keySet()) {
      if (!after.containsKey(gone)) {
        call("deleteJob", () -> quartz.deleteJob(jobKey(gone)));
        listener.slotForgotten(gone);
      }
    }
    after.forEach((id, print) -> {
      if (!print.equals(before.get(id))) {
        schedule(id, clock.instant());
      }
    });
  }

  /** Runs a slot at once (still never concurrently with itself). */
  public void triggerNow(SlotId slot) {
    call("triggerJob", () -> quartz.triggerJob(jobKey(slot)));
  }

  /** Stops firing, lets in-flight runs finish for up to {@code bound}; true when all finished. */
  public boolean shutdown(Duration bound) {
    try {
      quartz.standby();
      Instant until = Instant.now().plus(bound);
      while (!quartz.getCurrentlyExecutingJobs().isEmpty() && Instant.now().isBefore(until)) {
        Thread.sleep(20);
      }
      boolean idle = quartz.getCurrentlyExecutingJobs().isEmpty();
      quartz.shutdown(false);
      return idle;
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz shutdown failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** True while Quartz is started and not shut down (for liveness). */
  public boolean isRunning() {
    try {
      return quartz.isStarted() && !quartz.isShutdown() && !quartz.isInStandbyMode();
    } catch (SchedulerException e) {
      return false;
    }
  }

  public Set<SlotId> scheduledSlots() {
    Set<SlotId> out = new TreeSet<>();
    call("getJobKeys", () -> quartz.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))
        .forEach(k -> out.add(SlotId.parse(k.getName()))));
    return out;
  }

  public Optional<Instant> nextRun(SlotId slot) {
    Trigger[] t = new Trigger[1];
    call("getTrigger", () -> t[0] = quartz.getTrigger(triggerKey(slot)));
    return Optional.ofNullable(t[0]).map(Trigger::getNextFireTime).map(Date::toInstant);
  }

  /** Called by {@link RotationJob}: runs the slot and plans its next run. */
  void runSlot(SlotId id) {
    Policy current = policy.get();
    Optional<SlotPolicy> slot = current.slot(id);
    Optional<AccountPolicy> account = current.account(id.username());
    if (slot.isEmpty() || account.isEmpty()) {
      return; // removed from the policy meanwhile: apply() deletes the job
    }
    Instant next;
    try {
      next = runner.run(slot.get(), account.get());
    } catch (RuntimeException e) {
      LOG.error("slot {} run failed; next run in {}", id, options.errorDelay(), e);
      next = clock.instant().plus(options.errorDelay());
    }
    Instant now = clock.instant();
    Instant earliest = now.plus(options.minDelay());
    Instant latest = now.plus(options.resyncInterval());
    schedule(id, next.isBefore(earliest) ? earliest : next.isAfter(latest) ? latest : next);
  }

  private void schedule(SlotId id, Instant at) {
    Trigger trigger = TriggerBuilder.newTrigger()
        .withIdentity(triggerKey(id))
        .forJob(jobKey(id))
        .startAt(Date.from(at))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
    call("schedule", () -> {
      if (!quartz.checkExists(jobKey(id))) {
        JobDetail job = JobBuilder.newJob(RotationJob.class).withIdentity(jobKey(id))
            .usingJobData(RotationJob.SLOT_KEY, id.toString()).storeDurably().build();
        quartz.addJob(job, false);
      }
      if (quartz.rescheduleJob(triggerKey(id), trigger) == null) {
        quartz.scheduleJob(trigger);
      }
    });
  }

  private static Map<SlotId, Object> fingerprints(Policy p) {
    Map<SlotId, Object> m = new HashMap<>();
    for (AccountPolicy a : p.accounts()) {
      for (SlotPolicy s : a.slots()) {
        m.put(s.id(), java.util.List.of(s, a.ensureExists(), a.ducklings(), a.unmanagedTokens()));
      }
    }
    return m;
  }

  static JobKey jobKey(SlotId id) {
    return new JobKey(id.toString(), GROUP);
  }

  static TriggerKey triggerKey(SlotId id) {
    return new TriggerKey(id.toString(), GROUP);
  }

  private interface QuartzCall {
    void run() throws SchedulerException;
  }

  private void call(String operation, QuartzCall c) {
    try {
      c.run();
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz " + operation + " failed", e);
    }
  }
}
