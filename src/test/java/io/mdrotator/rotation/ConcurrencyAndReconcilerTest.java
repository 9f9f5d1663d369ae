package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ConcurrencyAndReconcilerTest {

  @RepeatedTest(100)
  void twoEnginesOnTwoThreadsStoreOneTokenAndLeaveNoOrphan() throws Exception {
    Harness h = new Harness();
    RotationEngine a = h.engine();
    RotationEngine b = h.engine();
    CyclicBarrier barrier = new CyclicBarrier(2);
    CompletableFuture<SlotOutcome> fa = CompletableFuture.supplyAsync(() -> {
      await(barrier);
      return h.reconcile(a);
    });
    CompletableFuture<SlotOutcome> fb = CompletableFuture.supplyAsync(() -> {
      await(barrier);
      return h.reconcile(b);
    });
    List<SlotOutcome> both = List.of(fa.get(), fb.get());

    assertThat(both).noneMatch(SlotOutcome::failed);
    long stored = h.kv.versions(h.slot.vaultPath()).size();
    assertThat(stored).isEqualTo(1);
    assertThat(h.md.revoked).hasSize(h.md.created - 1);
    assertThat(h.events.count("casLost")).isEqualTo(h.md.created - 1);
    assertThat(h.md.live(Harness.USER)).extracting(TokenInfo::id)
        .containsExactly(h.servedId().orElseThrow());
    h.assertHealthy();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void reconcilerRunsEverySlotAndFailsWhenOneFails() {
    Harness h = new Harness();
    SlotPolicy ro = Harness.slot("ro", Duration.ofHours(1), RenewBefore.DEFAULT,
        Duration.ofMinutes(5));
    Policy policy = new Policy(List.of(Harness.account(UnmanagedTokens.REPORT, h.slot, ro)));
    Reconciler r = new Reconciler(h.engine());

    Reconciler.Result ok = r.runOnce(policy);
    assertThat(ok.outcomes()).extracting(SlotOutcome::status)
        .containsExactly(SlotOutcome.Status.ROTATED, SlotOutcome.Status.ROTATED);
    assertThat(ok.exitCode()).isZero();

    h.md.failNextCalls(1);
    Reconciler.Result bad = r.runOnce(policy);
    assertThat(bad.outcomes()).extracting(SlotOutcome::failed).containsExactly(true, false);
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(h.events.failures).hasSize(1);

    List<Reconciler.Inspection> plan = r.inspectAll(policy, h.clock.instant());
    assertThat(plan).allSatisfy(i -> assertThat(i.report()).isPresent());
    h.md.deleteServiceAccount(Harness.USER);
    assertThat(r.inspectAll(policy, h.clock.instant()))
        .allSatisfy(i -> assertThat(i.error()).isPresent());
  }

  @Test
  void crashPointsParseLabelsAndAreOffByDefault() {
    assertThat(ProtocolStep.fromLabel("after-mint")).isEqualTo(ProtocolStep.AFTER_MINT);
    assertThat(ProtocolStep.fromLabel("BEFORE_REVOKE")).isEqualTo(ProtocolStep.BEFORE_REVOKE);
    assertThatThrownBy(() -> ProtocolStep.fromLabel("nope")).hasMessageContaining("nope");
    if (System.getProperty("mdrotator.crashAt") == null && System.getenv("MDROTATOR_CRASH_AT") == null) {
      assertThat(io.mdrotator.tools.crash.CrashHooks.armed()).isEmpty();
    }
  }
}
