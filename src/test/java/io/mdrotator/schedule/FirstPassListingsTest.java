package io.mdrotator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.AccountListings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runs a start schedules for now form one pass: one slot per account fires before every other
 * slot, and each slot's first run shares the pass's account listings; later runs do not.
 */
class FirstPassListingsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final Clock clock = Clock.systemUTC();
  private final List<SlotId> order = new CopyOnWriteArrayList<>();
  private final List<AccountListings> shared = new CopyOnWriteArrayList<>();
  private RotationScheduler scheduler;

  @AfterEach
  void stop() {
    if (scheduler != null) {
      scheduler.shutdown(Duration.ofSeconds(5));
    }
  }

  private static Policy policy(int accounts, int slots) {
    List<AccountPolicy> out = new ArrayList<>();
    for (int a = 0; a < accounts; a++) {
      List<SlotPolicy> s = new ArrayList<>();
      for (int i = 0; i < slots; i++) {
        s.add(new SlotPolicy(new SlotId("svc" + a, "s" + i), TokenType.READ_WRITE, Duration.ofHours(1),
            RenewBefore.DEFAULT, Duration.ofMinutes(5), "kv/svc" + a + "/s" + i));
      }
      out.add(new AccountPolicy("svc" + a, false, Optional.empty(), UnmanagedTokens.REPORT, s));
    }
    return new Policy(out);
  }

  @Test
  void eachAccountsFirstSlotRunsFirstAndTheFirstRunsShareOnePass() {
    SlotRunner runner = new SlotRunner() {
      @Override
      public Instant run(SlotPolicy slot, AccountPolicy account) {
        return clock.instant().plus(Duration.ofHours(1));
      }

      @Override
      public Result runReporting(SlotPolicy slot, AccountPolicy account, AccountListings pass) {
        order.add(slot.id());
        shared.add(pass);
        return new Result(run(slot, account), "ok");
      }
    };
    scheduler = new RotationScheduler(runner, clock, new SchedulerOptions("test-" + UUID.randomUUID(), 1,
        Duration.ofMinutes(10), Duration.ofMillis(20), Duration.ofMillis(100)));
    scheduler.start(policy(3, 3));

    await().atMost(WAIT).until(() -> order.size() == 9);
    assertThat(order.subList(0, 3)).as("one slot per account first, by name")
        .containsExactlyInAnyOrder(new SlotId("svc0", "s0"), new SlotId("svc1", "s0"), new SlotId("svc2", "s0"));
    assertThat(shared).doesNotContain(AccountListings.NONE);
    assertThat(shared.stream().distinct().count()).as("one pass").isEqualTo(1);

    scheduler.triggerNow(new SlotId("svc1", "s2"));
    await().atMost(WAIT).until(() -> order.size() == 10);
    assertThat(shared.get(9)).as("a later run lists afresh").isSameAs(AccountListings.NONE);
  }

  @Test
  void aPassEndsWhenEachOfItsSlotsHasRunOrANewPassBegins() {
    PassListings passes = new PassListings();
    SlotId a = new SlotId("svc", "a");
    SlotId b = new SlotId("svc", "b");
    passes.begin(List.of(a, b));

    AccountListings first = passes.claim(a);
    assertThat(first).isNotSameAs(AccountListings.NONE);
    assertThat(passes.claim(a)).as("a slot's second run").isSameAs(AccountListings.NONE);
    passes.begin(List.of(a, b));
    AccountListings second = passes.claim(b);
    assertThat(second).isNotSameAs(AccountListings.NONE).isNotSameAs(first);
    assertThat(passes.claim(a)).isSameAs(second);
    assertThat(passes.pending()).isZero();
    assertThat(passes.claim(b)).isSameAs(AccountListings.NONE);
  }
}
