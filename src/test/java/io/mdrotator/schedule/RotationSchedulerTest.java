package io.mdrotator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real Quartz (RAMJobStore), short times, Awaitility instead of sleeps in the test thread. */
class RotationSchedulerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final Clock clock = Clock.systemUTC();
  private final Map<SlotId, List<Instant>> runs = new ConcurrentHashMap<>();
  private final List<SlotId> forgotten = new CopyOnWriteArrayList<>();
  private RotationScheduler scheduler;

  @AfterEach
  void stop() {
    if (scheduler != null) {
      scheduler.shutdown(Duration.ofSeconds(5));
    }
  }

  private static SlotPolicy slot(String name) {
    return new SlotPolicy(new SlotId("svc", name), TokenType.READ_WRITE, Duration.ofHours(1),
        RenewBefore.DEFAULT, Duration.ofMinutes(5), "kv/svc/" + name);
  }

  private static Policy policy(SlotPolicy... slots) {
    return new Policy(List.of(new AccountPolicy("svc", false, Optional.empty(),
        UnmanagedTokens.REPORT, List.of(slots))));
  }

  private RotationScheduler start(Policy p, BiFunction<SlotPolicy, Instant, Instant> next) {
    SlotRunner runner = (s, a) -> {
      Instant now = clock.instant();
      runs.computeIfAbsent(s.id(), k -> new CopyOnWriteArrayList<>()).add(now);
      return next.apply(s, now);
    };
    scheduler = new RotationScheduler(runner, clock, new SchedulerOptions(
        "test-" + UUID.randomUUID(), 3, Duration.ofMinutes(10), Duration.ofMillis(20),
        Duration.ofMillis(100)), new io.mdrotator.rotation.RotationListener() {
          @Override
          public void slotForgotten(SlotId slot) {
            forgotten.add(slot);
          }
        });
    scheduler.start(p);
    return scheduler;
  }

  private int count(SlotPolicy s) {
    return runs.getOrDefault(s.id(), List.of()).size();
  }

  /**
   * A slot whose trigger was lost (a run that could not reschedule itself) is found by the repair
   * and runs again; a healthy schedule is left alone. Without the repair the slot never ran again.
   */
  @Test
  void aSlotThatLostItsTriggerIsRepairedAndAHealthyScheduleIsLeftAlone() throws Exception {
    SlotPolicy a = slot("a");
    SlotPolicy b = slot("b");
    start(policy(a, b), (s, now) -> now.plus(Duration.ofHours(1)));
    await().atMost(WAIT).until(() -> count(a) == 1 && count(b) == 1
        && scheduler.nextRun(a.id()).isPresent() && scheduler.nextRun(b.id()).isPresent());
    assertThat(scheduler.repairMissing()).as("healthy schedule").isZero();

    assertThat(scheduler.quartz().unscheduleJob(SlotJobs.triggerKey(a.id()))).isTrue();
    assertThat(scheduler.nextRun(a.id())).isEmpty();
    Thread.sleep(300);
    assertThat(count(a)).as("a slot without a trigger does not run").isEqualTo(1);

    assertThat(scheduler.repairMissing()).isEqualTo(1);
    await().atMost(WAIT).until(() -> count(a) == 2 && scheduler.nextRun(a.id()).isPresent());
    assertThat(count(b)).as("the healthy slot was not run again").isEqualTo(1);
    assertThat(scheduler.repairMissing()).isZero();
  }

  @Test
  void runsEachSlotAtOnceThenAtItsPlannedTime() {
    SlotPolicy rw = slot("rw");
    Map<SlotId, Instant> planned = new ConcurrentHashMap<>();
    start(policy(rw), (s, now) -> {
      Instant at = now.plusMillis(400);
      planned.put(s.id(), at);
      return at;
    });

    await().atMost(WAIT).until(() -> count(rw) >= 1);
    Instant firstPlan = planned.get(rw.id());
    assertThat(scheduler.nextRun(rw.id())).isPresent();
    await().atMost(WAIT).until(() -> count(rw) >= 2);
    assertThat(runs.get(rw.id()).get(1)).isAfterOrEqualTo(firstPlan.minusMillis(5));
  }

  @Test
  void farWakeUpsAreCappedAtTheResyncInterval() {
    SlotPolicy rw = slot("rw");
    start(policy(rw), (s, now) -> now.plus(Duration.ofDays(30)));
    await().atMost(WAIT).until(() -> count(rw) >= 1);
    await().atMost(WAIT).until(() -> scheduler.nextRun(rw.id()).isPresent());
    assertThat(scheduler.nextRun(rw.id()).orElseThrow())
        .isBefore(clock.instant().plus(Duration.ofMinutes(10)).plusSeconds(1));
  }

  @Test
  void aSlotNeverRunsConcurrentlyWithItself() {
    SlotPolicy rw = slot("rw");
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    start(policy(rw), (s, now) -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      return now.plus(Duration.ofMinutes(5));
    });
    await().atMost(WAIT).until(() -> maxInFlight.get() >= 1);
    scheduler.triggerNow(rw.id());
    scheduler.triggerNow(rw.id());

    await().atMost(WAIT).until(() -> count(rw) >= 3);
    assertThat(maxInFlight.get()).isEqualTo(1);
  }

  @Test
  void applyAddsRemovesAndReschedulesChangedSlots() {
    SlotPolicy a = slot("a");
    SlotPolicy b = slot("b");
    SlotPolicy c = slot("c");
    Policy before = policy(a, b);
    start(before, (s, now) -> now.plus(Duration.ofMinutes(5)));
    await().atMost(WAIT).until(() -> count(a) == 1 && count(b) == 1);

    SlotPolicy b2 = new SlotPolicy(b.id(), TokenType.READ_SCALING, b.ttl(), b.renewBefore(),
        b.gracePeriod(), b.vaultPath());
    scheduler.apply(before, policy(b2, c));

    await().atMost(WAIT).until(() -> count(c) == 1 && count(b) == 2);
    assertThat(scheduler.scheduledSlots()).containsExactly(b.id(), c.id());
    assertThat(count(a)).isEqualTo(1);
    assertThat(forgotten).containsExactly(a.id());
  }

  @Test
  void aSlotRemovedWhileItsJobRunsLeavesNoJobBehind() throws Exception {
    SlotPolicy a = slot("a");
    SlotPolicy b = slot("b");
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    Policy before = policy(a, b);
    start(before, (s, now) -> {
      if (s.id().equals(a.id())) {
        running.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        finished.incrementAndGet();
      }
      return now.plus(Duration.ofMinutes(5));
    });
    assertThat(running.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    scheduler.apply(before, policy(b));
    release.countDown();
    await().atMost(WAIT).until(() -> finished.get() == 1);
    Thread.sleep(200); // the finishing run's reschedule happens right after the runner returns

    assertThat(scheduler.scheduledSlots()).containsExactly(b.id());
    assertThat(scheduler.jobCount()).isEqualTo(1);
    assertThat(scheduler.nextRun(a.id())).isEmpty();
  }

  @Test
  void applyOfAnUnchangedPolicyReschedulesNothing() {
    SlotPolicy a = slot("a");
    Policy p = policy(a);
    start(p, (s, now) -> now.plus(Duration.ofMinutes(5)));
    await().atMost(WAIT).until(() -> count(a) == 1 && scheduler.nextRun(a.id()).isPresent());
    Instant next = scheduler.nextRun(a.id()).orElseThrow();

    scheduler.apply(p, policy(a));

    assertThat(scheduler.nextRun(a.id())).contains(next);
    assertThat(count(a)).isEqualTo(1);
  }

  @Test
  void shutdownLetsAnInFlightRunFinish() {
    SlotPolicy rw = slot("rw");
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    start(policy(rw), (s, now) -> {
      started.incrementAndGet();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      finished.incrementAndGet();
      return now.plus(Duration.ofMinutes(5));
    });
    await().atMost(WAIT).until(() -> started.get() == 1);

    assertThat(scheduler.shutdown(Duration.ofSeconds(5))).isTrue();
    assertThat(finished.get()).isEqualTo(1);
    scheduler = null;
  }
}
