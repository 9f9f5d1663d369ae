package io.mdrotator.rotation;

import io.mdrotator.port.TokenInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the planner knows about a slot: MotherDuck's token list for the account, the token
 * Vault serves (empty: missing or unreadable as ours), the slot key's current KV version (the CAS
 * base, also when the latest version is deleted), the state document (its version is the CAS
 * base of the next state write), the in-memory failure streak, the slot key's {@code
 * custom_metadata} as the latest version echoed it (empty when no version was readable: unknown),
 * and the rotation ids of intents this engine abandoned (its own failed rotations, over for sure:
 * see {@link AbandonedIntents}).
 */
public record SlotObservation(
    List<TokenInfo> tokens,
    Optional<ServedToken> served,
    long slotKeyVersion,
    SlotState state,
    Failures failures,
    Optional<Map<String, String>> slotCustomMetadata,
    Set<String> abandonedIntents) {
  public SlotObservation {
    tokens = List.copyOf(tokens);
    abandonedIntents = Set.copyOf(abandonedIntents);
    Objects.requireNonNull(served, "served");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(failures, "failures");
    slotCustomMetadata = slotCustomMetadata.map(Map::copyOf);
  }

  /** Without knowledge of the slot key's custom metadata (a rotation then writes it). */
  public SlotObservation(List<TokenInfo> tokens, Optional<ServedToken> served, long slotKeyVersion,
      SlotState state, Failures failures) {
    this(tokens, served, slotKeyVersion, state, failures, Optional.empty());
  }

  /** Without abandoned intents. */
  public SlotObservation(List<TokenInfo> tokens, Optional<ServedToken> served, long slotKeyVersion,
      SlotState state, Failures failures, Optional<Map<String, String>> slotCustomMetadata) {
    this(tokens, served, slotKeyVersion, state, failures, slotCustomMetadata, Set.of());
  }

  /** Consecutive failed rotation attempts and when the latest failed. */
  public record Failures(int consecutive, Optional<Instant> lastFailureAt) {
    public static final Failures NONE = new Failures(0, Optional.empty());

    public Failures {
      Objects.requireNonNull(lastFailureAt, "lastFailureAt");
      if (consecutive < 0 || (consecutive > 0 && lastFailureAt.isEmpty())) {
        throw new IllegalArgumentException("failures need a time: " + consecutive);
      }
    }

    public Failures plusOne(Instant at) {
      return new Failures(consecutive + 1, Optional.of(at));
    }
  }

  public Optional<TokenInfo> token(String id) {
    return tokens.stream().filter(t -> t.id().equals(id)).findFirst();
  }
}
