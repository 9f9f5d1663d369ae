package io.mdrotator.rotation;

import io.mdrotator.tools.crash.SimulatedCrash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A crash at every named point of the protocol, then a restart with a fresh engine over the same
 * MotherDuck and Vault: no orphan remains, Vault serves a valid token, nothing was revoked early.
 */
class CrashRecoveryTest {

  @ParameterizedTest
  @EnumSource(value = ProtocolStep.class, mode = EnumSource.Mode.EXCLUDE,
      names = {"AFTER_RETIREMENT_RECORD", "AFTER_SECRET_DELETE", "AFTER_STATE_DELETE"}) // not reached by a rotation
  void restartAfterCrashConverges(ProtocolStep point) {
    Harness h = new Harness();
    // renew 40 of 60 minutes: at B's rotation time, A (superseded) is still alive and due.
    h.slot = Harness.slot("rw", Duration.ofHours(1),
        new io.mdrotator.policy.RenewBefore.Fixed(Duration.ofMinutes(40)), Duration.ofMinutes(5));
    h.account = Harness.account(io.mdrotator.policy.UnmanagedTokens.REPORT, h.slot);
    RotationEngine first = h.engine();
    h.reconcile(first); // token A
    h.clock.set(h.reconcile(first).nextRotation().orElseThrow());
    h.reconcile(first); // token B, A superseded with a 5 minute grace
    Instant dueB = h.reconcile(first).nextRotation().orElseThrow();
    h.clock.set(dueB); // now both B's rotation and A's revocation are due

    RotationEngine crashing = h.engine(io.mdrotator.tools.crash.CrashHooks.throwingAt(point));
    assertThatThrownBy(() -> h.reconcile(crashing)).isInstanceOf(SimulatedCrash.class);

    RotationEngine restarted = h.engine();
    h.runUntil(restarted, dueB.plus(Duration.ofMinutes(15)));

    h.assertHealthy();
    assertThat(h.md.live(Harness.USER)).hasSizeLessThanOrEqualTo(2);
    assertThat(h.servedInfo().expiresAt().orElseThrow()).isAfter(h.clock.instant());
    assertThat(h.md.revoked).hasSizeGreaterThanOrEqualTo(1);
    if (point == ProtocolStep.AFTER_MINT) { // the minted secret died with the process
      assertThat(h.events.lines).anyMatch(l -> l.endsWith(" orphan true"));
    }
  }
}
