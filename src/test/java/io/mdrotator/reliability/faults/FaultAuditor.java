package io.mdrotator.reliability.faults;

import io.mdrotator.emulator.motherduck.SecretStatus;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.EngineOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end-of-cell checks on top of the {@link io.mdrotator.e2e.RevocationAuditor} (which checks every
 * revocation as it happens): no orphan, the slot converged to one live served token plus superseded
 * tokens still inside their grace, and nothing else minted by md-rotator is alive. Returns problems
 * as text so a matrix run can report every failing cell at once.
 */
final class FaultAuditor {
  private FaultAuditor() {}

  static List<String> check(Slot slot) {
    List<String> problems = new ArrayList<>(slot.auditor.violations);
    Instant now = slot.world.clock.instant();
    Optional<String> served = slot.servedTokenId();
    if (served.isEmpty()) {
      problems.add("nothing served at the end");
      return problems;
    }
    Object secret = slot.world.vault.currentData(slot.policy.vaultPath()).orElseThrow().get("token");
    SecretStatus status = secret instanceof String s ? slot.world.md.secretStatus(s) : SecretStatus.NEVER_ISSUED;
    if (status != SecretStatus.LIVE) {
      problems.add("served token " + served.get() + " is " + status + " at the end");
    }
    for (TokenInfo t : slot.liveManaged()) {
      if (t.id().equals(served.get())) {
        continue;
      }
      Optional<Instant> supersededAt = slot.auditor.supersededAt(t.id());
      if (supersededAt.isEmpty()) {
        problems.add("orphan: live managed token " + t.id() + " (" + t.name() + ") was never served");
      } else if (!now.isBefore(supersededAt.get().plus(slot.policy.gracePeriod()).plus(EngineOptions.DEFAULTS.resyncInterval()))) {
        // superseded tokens are revoked at the first wake-up after grace; allow the resync bound
        problems.add("not converged: superseded token " + t.id() + " still live at " + now
            + ", superseded at " + supersededAt.get());
      }
    }
    return problems;
  }
}
