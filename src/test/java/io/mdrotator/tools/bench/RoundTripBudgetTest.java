package io.mdrotator.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Requests per due rotation, counted by the emulators during one reconcile pass over a fleet whose
 * every slot is due: a chain of sequential round trips is what bounds fleet catch-up, so the count
 * must stay at the crash-safe protocol's minimum (docs/rotation-protocol.md, "Round trips"):
 * MotherDuck one create per slot and one listing per account; Vault state read, secret read,
 * intent write, store (check-and-set; its reply is the verification), complete write.
 */
class RoundTripBudgetTest {
  private static final int SLOTS = 12;
  private static final int PER_ACCOUNT = 3;
  private static final int ACCOUNTS = SLOTS / PER_ACCOUNT;

  @Test
  void aDueRotationCostsTheProtocolsMinimalRoundTrips() {
    // one worker: the pass's order is fixed, so the counts are exact
    CatchupBench.Run run = new CatchupBench(Duration.ZERO, Duration.ZERO)
        .run(SLOTS, PER_ACCOUNT, 1, 0, 0).run();

    assertThat(run.rotated()).isEqualTo(SLOTS);
    assertThat(run.failed()).isZero();
    assertThat(run.servedLive()).as("slots serving a live token after the pass").isEqualTo(SLOTS);
    assertThat(run.motherDuckCounts()).as("MotherDuck requests")
        .containsEntry("createToken", (long) SLOTS).containsEntry("listTokens", (long) ACCOUNTS);
    assertThat(run.motherDuckRequests()).isEqualTo((long) SLOTS + ACCOUNTS);
    assertThat(run.motherDuckPerRotation()).isEqualTo(PhysicalBound.minimalMotherDuckPerRotation(PER_ACCOUNT));
    assertThat(run.vaultRequests()).as("Vault requests %s", run.vaultCounts())
        .isEqualTo((long) PhysicalBound.MIN_VAULT_PER_ROTATION * SLOTS);
    // intent, store, complete; no metadata write when unchanged, no read-back after the store
    assertThat(run.vaultCounts()).containsEntry("kvWrite", 3L * SLOTS).doesNotContainKey("kvMetadataWrite");
  }

  @Test
  void concurrentWorkersStillListEachAccountAboutOnce() {
    CatchupBench.Run run = new CatchupBench(Duration.ZERO, Duration.ZERO)
        .run(SLOTS, PER_ACCOUNT, 4, 0, 0).run();

    assertThat(run.rotated()).isEqualTo(SLOTS);
    assertThat(run.motherDuckCounts()).containsEntry("createToken", (long) SLOTS);
    // each account's first slot is started before any second slot; a second slot that starts
    // before its account's listing came back lists too, so allow one such race per account
    assertThat(run.motherDuckCounts().get("listTokens")).isBetween((long) ACCOUNTS, 2L * ACCOUNTS);
    assertThat(run.vaultRequests()).isEqualTo((long) PhysicalBound.MIN_VAULT_PER_ROTATION * SLOTS);
  }
}
