package io.mdrotator.e2e;

import static io.mdrotator.e2e.E2eWorld.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.ProtocolStep;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import io.mdrotator.tools.crash.SimulatedCrash;
import io.mdrotator.rotation.SlotOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two engines racing on one slot, and a crash at every crash point followed by a restart, all
 * against both emulators over HTTP.
 */
class RaceAndCrashE2eTest {

  @Test
  void twoEnginesRacingStoreOneTokenPerVersionAndLeaveNoOrphans() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (E2eWorld w = new E2eWorld()) {
      RotationEngine one = w.engine();
      RotationEngine two = w.engine();
      Instant next = w.clock.instant();
      for (int round = 1; round <= 10; round++) {
        w.clock.set(next);
        long before = w.vault.currentVersion(w.slot.vaultPath());
        List<SlotOutcome> outcomes = raceOnce(pool, w, one, two);
        w.watch.check("race round " + round);
        assertThat(w.vault.currentVersion(w.slot.vaultPath()))
            .as("round %d: exactly one new Vault version", round).isEqualTo(before + 1);
        assertThat(outcomes).as("round %d", round).noneMatch(SlotOutcome::failed);
        List<SlotOutcome> rotated = outcomes.stream().filter(o -> o.status() == SlotOutcome.Status.ROTATED).toList();
        assertThat(rotated).as("round %d: one engine rotated", round).hasSize(1);
        // The next round starts when the new token is due. Not the earliest nextRotation of both:
        // an engine that observed the other's rotation in flight plans to look again when that
        // intent goes stale (minutes), and a round started then would find nothing due.
        next = rotated.get(0).nextRotation().orElseThrow();
      }
      // Let in-flight bounds and grace periods pass, both engines still running.
      Instant end = w.clock.instant().plus(w.slot.gracePeriod()).plus(Duration.ofMinutes(3));
      while (w.clock.instant().isBefore(end)) {
        w.reconcile(one);
        w.reconcile(two);
        w.advance(Duration.ofMinutes(1));
      }

      w.watch.assertConverged("after the races");
      Set<String> servedIds = new HashSet<>();
      w.auditor.history().values().forEach(s -> assertThat(servedIds.add(s.tokenId()))
          .as("token %s stored in two versions", s.tokenId()).isTrue());
      assertThat(w.auditor.history()).hasSize(10);
      List<String> minted = w.auditor.lines.stream().filter(l -> l.startsWith("minted "))
          .map(l -> l.substring(7)).toList();
      for (String id : minted) {
        assertThat(servedIds.contains(id) || w.auditor.revoked(id))
            .as("minted %s is stored or revoked", id).isTrue();
      }
      for (String line : w.auditor.lines.stream().filter(l -> l.startsWith("casLost ")).toList()) {
        String loser = line.substring(8);
        assertThat(w.md.isTokenLive(loser)).as("CAS loser %s revoked", loser).isFalse();
        assertThat(servedIds).doesNotContain(loser);
      }
      assertThat(w.md.liveTokens(USER)).hasSizeLessThanOrEqualTo(2);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static List<SlotOutcome> raceOnce(ExecutorService pool, E2eWorld w, RotationEngine one,
      RotationEngine two) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    List<CompletableFuture<SlotOutcome>> fs = new ArrayList<>();
    for (RotationEngine e : List.of(one, two)) {
      fs.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await(5, TimeUnit.SECONDS);
        } catch (Exception ex) {
          throw new IllegalStateException(ex);
        }
        return e.reconcile(w.slot, w.account);
      }, pool));
    }
    List<SlotOutcome> out = new ArrayList<>();
    for (CompletableFuture<SlotOutcome> f : fs) {
      out.add(f.get(20, TimeUnit.SECONDS));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = ProtocolStep.class, mode = EnumSource.Mode.EXCLUDE,
      names = {"AFTER_RETIREMENT_RECORD", "AFTER_SECRET_DELETE", "AFTER_STATE_DELETE"}) // not reached by a rotation
  void restartAfterACrashAtEveryPointConverges(ProtocolStep point) {
    // Renew 40 of 60 minutes: at B's rotation time A's grace is over, so one reconcile rotates
    // and revokes, and every crash point is on its path.
    try (E2eWorld w = new E2eWorld(Duration.ofMinutes(40))) {
      RotationEngine first = w.engine();
      w.reconcile(first); // A
      String a = w.watch.servedId();
      w.clock.set(w.reconcile(first).nextRotation().orElseThrow());
      w.reconcile(first); // B, A superseded
      String b = w.watch.servedId();
      Instant dueB = w.reconcile(first).nextRotation().orElseThrow();
      w.clock.set(dueB);
      assertThat(w.md.isTokenLive(a)).isTrue();

      RotationEngine crashing = w.engine(io.mdrotator.tools.crash.CrashHooks.throwingAt(point));
      assertThatThrownBy(() -> crashing.reconcile(w.slot, w.account))
          .isInstanceOf(SimulatedCrash.class);
      w.watch.check("right after the crash at " + point.label());

      RotationEngine restarted = w.engine();
      w.runUntil(restarted, dueB.plus(Duration.ofMinutes(15)));

      w.watch.assertConverged("after a crash at " + point.label());
      assertThat(w.md.isTokenLive(a)).as("A revoked").isFalse();
      assertThat(w.watch.servedId()).isNotIn(a, b);
      assertThat(w.watch.liveToken(w.watch.servedId()).orElseThrow().expiresAt().orElseThrow())
          .isAfter(w.clock.instant());
      assertThat(w.md.liveTokens(USER)).hasSizeLessThanOrEqualTo(2);
      if (point == ProtocolStep.AFTER_MINT) { // the minted secret died with the process
        assertThat(w.auditor.revocations).anyMatch(r -> r.reason() == RevocationReason.ORPHAN);
      }
      List<String> liveIds = w.md.liveTokens(USER).stream().map(TokenInfo::id).toList();
      assertThat(liveIds).contains(w.watch.servedId());
    }
  }
}
