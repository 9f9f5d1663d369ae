package io.mdrotator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.policy.DucklingConfig.InstanceSize;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.RotationEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Against the MotherDuck emulator over HTTP (which, like MotherDuck, fills in a size's default
 * cooldown the request leaves out): a policy that sets no cooldown causes one PUT for a real change
 * and none for the server's default, over five minutes of runs.
 */
class DucklingDriftE2eTest {
  @Test
  void aServerDefaultCooldownCausesNoRepeatedPutOverFiveMinutes() {
    try (E2eWorld w = new E2eWorld()) {
      DucklingConfig desired = new DucklingConfig(new DucklingConfig.ReadWrite(InstanceSize.JUMBO, Optional.empty()),
          new DucklingConfig.ReadScaling(InstanceSize.PULSE, 2, Optional.empty()));
      AccountPolicy account = new AccountPolicy(E2eWorld.USER, false, Optional.of(desired), UnmanagedTokens.REPORT,
          List.of(w.slot));
      RotationEngine e = w.engine();
      Instant end = w.clock.instant().plus(Duration.ofMinutes(5));
      int runs = 0;
      while (w.clock.instant().isBefore(end)) {
        e.reconcile(w.slot, account);
        runs++;
        w.advance(Duration.ofSeconds(10));
      }

      assertThat(runs).isEqualTo(30);
      assertThat(w.md.calls(MotherDuckEmulator.SET_DUCKLINGS, E2eWorld.USER)).as("PUTs").isEqualTo(1);
      assertThat(w.md.ducklings(E2eWorld.USER).readWrite().cooldownSeconds()).as("server default").contains(60);
      assertThat(w.md.ducklings(E2eWorld.USER).readWrite().instanceSize()).isEqualTo(InstanceSize.JUMBO);
    }
  }
}
