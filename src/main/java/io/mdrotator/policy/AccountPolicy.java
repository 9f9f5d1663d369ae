package io.mdrotator.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One service account of the policy, with its token slots. */
public record AccountPolicy(
    String username,
    boolean ensureExists,
    Optional<DucklingConfig> ducklings,
    UnmanagedTokens unmanagedTokens,
    List<SlotPolicy> slots) {
  public AccountPolicy {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(ducklings, "ducklings");
    Objects.requireNonNull(unmanagedTokens, "unmanagedTokens");
    slots = List.copyOf(slots);
  }
}
