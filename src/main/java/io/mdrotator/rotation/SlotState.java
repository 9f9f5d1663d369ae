package io.mdrotator.rotation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-slot state document kept in Vault (never a secret): rotations in flight, superseded
 * tokens awaiting revocation and, for a slot being retired, when its retirement was recorded and
 * when its tokens are revoked. {@code version} is the KV version it was read at (0: absent), the
 * check-and-set base for the next write.
 */
public record SlotState(
    long version, Map<String, Intent> intents, Map<String, Superseded> superseded,
    Optional<RetirementRecord> retirement) {
  public static final SlotState EMPTY = new SlotState(0, Map.of(), Map.of());

  public SlotState {
    intents = Map.copyOf(intents);
    superseded = Map.copyOf(superseded);
    Objects.requireNonNull(retirement, "retirement");
  }

  /** A document without a retirement record. */
  public SlotState(long version, Map<String, Intent> intents, Map<String, Superseded> superseded) {
    this(version, intents, superseded, Optional.empty());
  }

  /**
   * The slot is being retired: recorded at {@code recordedAt}, its tokens are revoked and its Vault
   * secret and this document deleted from {@code revokeAfter} on.
   */
  public record RetirementRecord(Instant recordedAt, Instant revokeAfter) {
    public RetirementRecord {
      Objects.requireNonNull(recordedAt, "recordedAt");
      Objects.requireNonNull(revokeAfter, "revokeAfter");
    }
  }

  public SlotState withRetirement(Optional<RetirementRecord> r) {
    return new SlotState(version, intents, superseded, r);
  }

  /** Recorded before minting: a token named {@code tokenName} may exist from now on. */
  public record Intent(
      String rotationId, String tokenName, Instant startedAt, Optional<String> replacesTokenId) {
    public Intent {
      Objects.requireNonNull(rotationId, "rotationId");
      Objects.requireNonNull(tokenName, "tokenName");
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(replacesTokenId, "replacesTokenId");
    }
  }

  /** A token replaced in Vault at {@code supersededAt}, to be revoked at {@code revokeAfter}. */
  public record Superseded(String tokenId, Instant supersededAt, Instant revokeAfter) {
    public Superseded {
      Objects.requireNonNull(tokenId, "tokenId");
      Objects.requireNonNull(supersededAt, "supersededAt");
      Objects.requireNonNull(revokeAfter, "revokeAfter");
    }
  }

  public SlotState withIntent(Intent intent) {
    Map<String, Intent> m = new LinkedHashMap<>(intents);
    m.put(intent.rotationId(), intent);
    return new SlotState(version, m, superseded, retirement);
  }

  public SlotState withoutIntent(String rotationId) {
    Map<String, Intent> m = new LinkedHashMap<>(intents);
    m.remove(rotationId);
    return new SlotState(version, m, superseded, retirement);
  }

  public SlotState withSuperseded(Superseded s) {
    Map<String, Superseded> m = new LinkedHashMap<>(superseded);
    m.putIfAbsent(s.tokenId(), s);
    return new SlotState(version, intents, m, retirement);
  }

  public SlotState withoutSuperseded(String tokenId) {
    Map<String, Superseded> m = new LinkedHashMap<>(superseded);
    m.remove(tokenId);
    return new SlotState(version, intents, m, retirement);
  }

  public SlotState atVersion(long v) {
    return new SlotState(v, intents, superseded, retirement);
  }
}
