package io.mdrotator.schedule;

import static io.mdrotator.schedule.SlotJobs.jobKey;
import static io.mdrotator.schedule.SlotJobs.triggerKey;

import io.mdrotator.policy.SlotId;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Whole-policy changes to the Quartz store in as few store calls as possible (one transaction each
 * with the clustered store): which slots need their job stored again, storing them with a trigger
 * for now, deleting removed slots' jobs. With 10,000 slots, per-slot calls dominated start-up and
 * reload.
 */
final class SlotBatches {
  private final Scheduler quartz;
  private final Clock clock;

  SlotBatches(Scheduler quartz, Clock clock) {
    this.quartz = quartz;
    this.clock = clock;
  }

  /**
   * The slots of {@code want} whose job must be (re)stored with a trigger for now: every slot
   * without a job or a trigger in the store, and those of {@code check} whose stored job carries
   * another fingerprint than wanted. Slots outside {@code check} are trusted to carry
   * {@code known}'s fingerprint (this node stored it), so only their existence is read, in two
   * calls for the whole group.
   */
  Map<SlotId, String> stale(Map<SlotId, String> want, Set<SlotId> check, Map<SlotId, String> known) {
    Set<JobKey> jobs = new HashSet<>();
    Set<TriggerKey> triggers = new HashSet<>();
    call("getJobKeys", () -> jobs.addAll(quartz.getJobKeys(GroupMatcher.jobGroupEquals(SlotJobs.GROUP))));
    call("getTriggerKeys", () -> triggers.addAll(quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(SlotJobs.GROUP))));
    Map<SlotId, String> out = new HashMap<>();
    want.forEach((id, fp) -> {
      if (!jobs.contains(jobKey(id)) || !triggers.contains(triggerKey(id))) {
        out.put(id, fp);
      } else if (check.contains(id) && !fp.equals(storedFingerprint(id).orElse(known.get(id)))) {
        out.put(id, fp);
      }
    });
    return out;
  }

  private Optional<String> storedFingerprint(SlotId id) {
    JobDetail[] d = new JobDetail[1];
    call("getJobDetail", () -> d[0] = quartz.getJobDetail(jobKey(id)));
    return Optional.ofNullable(d[0]).map(j -> j.getJobDataMap().getString(RotationJob.POLICY_KEY));
  }

  /**
   * Stores the jobs with a trigger for now, replacing what the store holds, in one call. One slot
   * per account (the first by name) fires before every other slot of the batch: the runs share
   * one listing per account ({@link PassListings}), so the workers list each account once, first,
   * and never wait for another worker's listing.
   */
  void scheduleNow(Map<SlotId, String> slots) {
    if (slots.isEmpty()) {
      return;
    }
    Date now = Date.from(clock.instant());
    Map<String, SlotId> first = new HashMap<>();
    slots.keySet().forEach(id -> first.merge(id.username(), id, (a, b) -> a.compareTo(b) <= 0 ? a : b));
    Map<JobDetail, Set<? extends Trigger>> batch = new HashMap<>(slots.size() * 2);
    slots.forEach((id, fp) -> batch.put(SlotJobs.job(id, fp), Set.of(SlotJobs.trigger(id, now.toInstant(),
        id.equals(first.get(id.username())) ? SlotJobs.LISTING_PRIORITY : Trigger.DEFAULT_PRIORITY))));
    call("scheduleJobs", () -> quartz.scheduleJobs(batch, true));
  }

  /** Deletes the slots' jobs (and their triggers) in one call. */
  void delete(List<SlotId> slots) {
    call("deleteJobs", () -> quartz.deleteJobs(slots.stream().map(SlotJobs::jobKey).toList()));
  }

  interface QuartzCall {
    void run() throws SchedulerException;
  }

  static void call(String operation, QuartzCall c) {
    try {
      c.run();
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz " + operation + " failed", e);
    }
  }
}
