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

  /**
   * Every slot of the account is retired: the account is being wound down, so md-rotator neither
   * creates it ({@code ensureExists}) nor applies its Ducklings any more.
   */
  public boolean retiring() {
    return !slots.isEmpty() && slots.stream().allMatch(SlotPolicy::retired);
  }

  /**
   * What {@code slot}'s runs do with the account's unmanaged tokens. They are an account matter:
   * only the account's first slot acts on them ({@link #unmanagedTokens}); the others only report.
   */
  public UnmanagedTokens unmanagedTokensFor(SlotPolicy slot) {
    boolean first = !slots.isEmpty() && slots.get(0).id().equals(slot.id());
    return first ? unmanagedTokens : UnmanagedTokens.REPORT;
  }
}
