package io.mdrotator.daemon;

import io.mdrotator.observability.ReadinessRecheck;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.port.MotherDuckNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The readiness probes: one authenticated read per backend for the policy's first slot (its
 * account's token listing, its Vault secret). An answer of "not found" is still an answer: the
 * backend is up and accepts the daemon's credentials, so the probe returns. With no slot there
 * is nothing the daemon may read, and the probe fails (readiness then follows real traffic).
 */
final class ReadinessProbes {
  private ReadinessProbes() {}

  static Map<String, ReadinessRecheck.Probe> of(Adapters adapters, Supplier<Policy> policy) {
    return Map.of(
        "motherduck", () -> {
          try {
            adapters.motherDuck().listTokens(firstSlot(policy).id().username());
          } catch (MotherDuckNotFoundException e) {
            // the account does not exist yet (ensureExists creates it): MotherDuck answered
          }
        },
        "vault", () -> adapters.vault().readLatest(firstSlot(policy).vaultPath()));
  }

  private static SlotPolicy firstSlot(Supplier<Policy> policy) {
    List<SlotPolicy> slots = policy.get().slots();
    if (slots.isEmpty()) {
      throw new IllegalStateException("no slot to probe with");
    }
    return slots.get(0);
  }
}
