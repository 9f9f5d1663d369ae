package io.mdrotator.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Requests per due rotation, counted by the emulators during one reconcile pass over a fleet whose
 * every slot is due: a chain of sequential round trips is what bounds fleet catch-up, so the
 * count must not grow. Budget: MotherDuck list + create; Vault state read, secret read, intent
 * write, store (CAS), verify read, complete write. (It was 4 + 11: an extra listing to verify,
 * a re-read before every state write, a custom-metadata write each time, and a full
 * re-observation after the rotation.)
 */
class RoundTripBudgetTest {
  private static final int SLOTS = 12;
  static final int MOTHERDUCK_BUDGET = 2;
  static final int VAULT_BUDGET = 6;

  @Test
  void aDueRotationCostsTwoMotherDuckAndSixVaultRequests() {
    CatchupBench.Run run = new CatchupBench(Duration.ZERO, Duration.ZERO)
        .run(SLOTS, 3, 4, 0, 0).run();

    assertThat(run.rotated()).isEqualTo(SLOTS);
    assertThat(run.failed()).isZero();
    assertThat(run.servedLive()).as("slots serving a live token after the pass").isEqualTo(SLOTS);
    assertThat(run.motherDuckRequests()).as("MotherDuck requests %s", run.motherDuckCounts())
        .isLessThanOrEqualTo((long) MOTHERDUCK_BUDGET * SLOTS);
    assertThat(run.vaultRequests()).as("Vault requests %s", run.vaultCounts())
        .isLessThanOrEqualTo((long) VAULT_BUDGET * SLOTS);
    // no write without its CAS base read, no re-observation, no metadata write when unchanged
    assertThat(run.motherDuckCounts()).containsEntry("createToken", (long) SLOTS);
    assertThat(run.vaultCounts()).containsEntry("kvWrite", 3L * SLOTS).doesNotContainKey("kvMetadataWrite");
  }
}
