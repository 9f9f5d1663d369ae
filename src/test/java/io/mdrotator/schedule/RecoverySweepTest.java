package io.mdrotator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.MutableClock;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.RotationListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A backend answering again after failing runs the slots that need it, once per gap. */
class RecoverySweepTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
  private final RecoverySweep sweep = new RecoverySweep(clock);
  private final List<SlotId> ran = new CopyOnWriteArrayList<>();
  private final List<String> sweeps = new CopyOnWriteArrayList<>();
  private final Policy policy = new Policy(List.of(new AccountPolicy("etl", false, Optional.empty(),
      UnmanagedTokens.REPORT, List.of(slot("a"), slot("b"), slot("c")))));

  RecoverySweepTest() {
    sweep.attach(new RecoverySweep.Target(() -> policy, Set.of(new SlotId("etl", "a"), new SlotId("etl", "c"))::contains,
        ran::add, new RotationListener() {
          @Override
          public void recoverySweep(String backend, int slots) {
            sweeps.add(backend + " " + slots);
          }
        }));
  }

  @AfterEach
  void close() {
    sweep.close();
  }

  @Test
  void theFirstSuccessAfterAFailureRunsTheSlotsThatNeedRecovery() throws Exception {
    sweep.completed("vault", "read", "server_error", Duration.ZERO);
    sweep.completed("vault", "read", "success", Duration.ZERO);
    awaitSweeps(1);

    assertThat(ran).containsExactly(new SlotId("etl", "a"), new SlotId("etl", "c"));
    assertThat(sweeps).containsExactly("vault 2");
  }

  @Test
  void successesWithoutAFailureAndClientErrorsSweepNothing() throws Exception {
    sweep.completed("motherduck", "listTokens", "success", Duration.ZERO);
    sweep.completed("motherduck", "listTokens", "client_error", Duration.ZERO);
    sweep.completed("motherduck", "listTokens", "success", Duration.ZERO);
    Thread.sleep(200);

    assertThat(ran).isEmpty();
  }

  @Test
  void aFlappingBackendIsSweptAtMostOncePerGap() throws Exception {
    assertThat(sweep.sweep("motherduck")).isEqualTo(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(sweep.sweep("motherduck")).isZero();
    assertThat(sweep.sweep("vault")).as("per backend").isEqualTo(2);
    clock.advance(RecoverySweep.MIN_GAP);
    assertThat(sweep.sweep("motherduck")).isEqualTo(2);
  }

  private void awaitSweeps(int n) throws InterruptedException {
    for (int i = 0; i < 100 && sweeps.size() < n; i++) {
      Thread.sleep(20);
    }
  }

  private static SlotPolicy slot(String name) {
    return new SlotPolicy(new SlotId("etl", name), TokenType.READ_WRITE, Duration.ofHours(1),
        new RenewBefore.Fixed(Duration.ofMinutes(10)), Duration.ofMinutes(5), "motherduck/etl/" + name);
  }
}
