package io.mdrotator.schedule;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * How a slot maps onto Quartz: one durable job and one one-shot trigger, both keyed by the slot,
 * and the fingerprint of the slot's policy kept in the job so a node can tell whether the shared
 * store already holds the schedule for the same policy.
 */
final class SlotJobs {
  static final String GROUP = "md-rotator";
  /** Below this many slots hashing runs on the calling thread (a pool costs more than it saves). */
  private static final int PARALLEL_FROM = 1_000;

  private SlotJobs() {}

  static JobKey jobKey(SlotId id) {
    return new JobKey(id.toString(), GROUP);
  }

  static TriggerKey triggerKey(SlotId id) {
    return new TriggerKey(id.toString(), GROUP);
  }

  static JobDetail job(SlotId id, String fingerprint) {
    return JobBuilder.newJob(RotationJob.class).withIdentity(jobKey(id))
        .usingJobData(RotationJob.SLOT_KEY, id.toString())
        .usingJobData(RotationJob.POLICY_KEY, fingerprint)
        .requestRecovery(true) // a run cut short by a dead node is re-run by another node
        .storeDurably().build();
  }

  /**
   * Quartz priority of the run that lists an account first in a pass: among triggers due at the
   * same instant, Quartz fires higher priorities first.
   */
  static final int LISTING_PRIORITY = Trigger.DEFAULT_PRIORITY + 1;

  /** Fires once at {@code at}; after downtime it fires once, now (never replays missed runs). */
  static Trigger trigger(SlotId id, Instant at) {
    return trigger(id, at, Trigger.DEFAULT_PRIORITY);
  }

  /** As {@link #trigger(SlotId, Instant)} with a Quartz {@code priority}. */
  static Trigger trigger(SlotId id, Instant at, int priority) {
    return TriggerBuilder.newTrigger()
        .withIdentity(triggerKey(id))
        .forJob(jobKey(id))
        .withPriority(priority)
        .startAt(Date.from(at))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
  }

  /** Fingerprint of every slot of {@code p}. */
  static Map<SlotId, String> fingerprints(Policy p) {
    return fingerprints(p, new Policy(List.of()), Map.of());
  }

  /**
   * As {@link #fingerprints(Policy)}, reusing {@code known} (the fingerprints of {@code previous})
   * for every slot whose policy and account settings are equal in both: comparing records is much
   * cheaper than printing and hashing them, and a reload usually changes few slots. The others are
   * hashed in parallel (pure work; a reload that changes 10,000 slots hashes 10,000 texts).
   */
  static Map<SlotId, String> fingerprints(Policy next, Policy previous, Map<SlotId, String> known) {
    List<AccountPolicy> owner = new ArrayList<>();
    List<SlotPolicy> slots = new ArrayList<>();
    String[] out = new String[next.slots().size()];
    for (AccountPolicy a : next.accounts()) {
      AccountPolicy was = previous.account(a.username()).orElse(null);
      boolean sameAccount = was != null && was.username().equals(a.username())
          && was.ensureExists() == a.ensureExists() && was.ducklings().equals(a.ducklings())
          && was.unmanagedTokens() == a.unmanagedTokens();
      for (SlotPolicy s : a.slots()) {
        String reuse = sameAccount && previous.slot(s.id()).filter(s::equals).isPresent() ? known.get(s.id()) : null;
        out[slots.size()] = reuse;
        owner.add(a);
        slots.add(s);
      }
    }
    IntStream range = IntStream.range(0, out.length);
    (out.length >= PARALLEL_FROM ? range.parallel() : range)
        .filter(i -> out[i] == null)
        .forEach(i -> out[i] = fingerprint(owner.get(i), slots.get(i)));
    Map<SlotId, String> m = new HashMap<>(out.length * 2);
    for (int i = 0; i < out.length; i++) {
      m.put(slots.get(i).id(), out[i]);
    }
    return m;
  }

  /** Fingerprint of one slot, or "" when {@code p} does not have it. */
  static String fingerprint(Policy p, SlotId id) {
    return p.slot(id).flatMap(s -> p.account(id.username()).map(a -> fingerprint(a, s))).orElse("");
  }

  /** Stable across JVMs (records, enums, durations print deterministically), hashed to stay short. */
  private static String fingerprint(AccountPolicy a, SlotPolicy s) {
    String text = List.of(s, a.ensureExists(), a.ducklings(), a.unmanagedTokens()).toString();
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
