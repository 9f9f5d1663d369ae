package io.mdrotator.schedule;

import static io.mdrotator.schedule.SlotBatches.call;
import static io.mdrotator.schedule.SlotJobs.jobKey;
import static io.mdrotator.schedule.SlotJobs.triggerKey;

import io.mdrotator.policy.SlotId;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * One slot at a time in the Quartz store: its job, its one-shot trigger, and what the store says
 * of them. Store failures become {@link IllegalStateException}s (see {@link SlotBatches#call}).
 */
final class SlotTriggers {
  private final Scheduler quartz;

  SlotTriggers(Scheduler quartz) {
    this.quartz = quartz;
  }

  /**
   * Makes the slot's trigger fire at {@code at}, storing its job first when it is missing (with
   * the fingerprint {@code fingerprint} gives, asked only then).
   */
  void schedule(SlotId id, Instant at, Supplier<String> fingerprint) {
    Trigger trigger = SlotJobs.trigger(id, at);
    call("schedule", () -> {
      if (!quartz.checkExists(jobKey(id))) {
        quartz.addJob(SlotJobs.job(id, fingerprint.get()), true);
      }
      if (quartz.rescheduleJob(triggerKey(id), trigger) == null) {
        storeOrReplace(id, trigger);
      }
    });
  }

  /**
   * Stores a slot's first trigger. In a shared store another node may store it between our
   * reschedule and this call (nodes starting at once on an empty database): theirs is then
   * replaced by ours, which is as good, instead of failing start-up.
   */
  private void storeOrReplace(SlotId id, Trigger trigger) throws SchedulerException {
    try {
      quartz.scheduleJob(trigger);
    } catch (ObjectAlreadyExistsException raced) {
      quartz.rescheduleJob(triggerKey(id), trigger);
    }
  }

  /** Fires the slot's job at once (Quartz still never runs it concurrently with itself). */
  void fireNow(SlotId slot) {
    call("triggerJob", () -> quartz.triggerJob(jobKey(slot)));
  }

  /** Whether the store holds the slot's job (any node's, with a clustered store). */
  boolean jobExists(SlotId id) {
    boolean[] exists = new boolean[1];
    call("checkExists", () -> exists[0] = quartz.checkExists(jobKey(id)));
    return exists[0];
  }

  Set<SlotId> scheduledSlots() {
    Set<SlotId> out = new TreeSet<>();
    call("getJobKeys", () -> quartz.getJobKeys(GroupMatcher.jobGroupEquals(SlotJobs.GROUP))
        .forEach(k -> out.add(SlotId.parse(k.getName()))));
    return out;
  }

  Optional<Instant> nextRun(SlotId slot) {
    Trigger[] t = new Trigger[1];
    call("getTrigger", () -> t[0] = quartz.getTrigger(triggerKey(slot)));
    return Optional.ofNullable(t[0]).map(Trigger::getNextFireTime).map(Date::toInstant);
  }
}
