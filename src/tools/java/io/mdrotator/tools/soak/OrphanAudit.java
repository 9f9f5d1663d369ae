package io.mdrotator.tools.soak;

import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.SecretContract;
import io.mdrotator.rotation.TokenNames;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orphans at the end of a soak: live managed tokens of a slot that Vault neither serves nor lists
 * as superseded with a revocation time still ahead (inside its grace period). The pure rule is
 * {@link #orphans}; {@link #read} gathers a slot's view from the emulators' state.
 */
final class OrphanAudit {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SUPERSEDED = "superseded.";

  /** What the audit needs of one slot. */
  record SlotView(String label, Optional<String> servedTokenId, Map<String, Instant> revokeAfter,
      List<TokenInfo> liveManaged) {
    SlotView {
      revokeAfter = Map.copyOf(revokeAfter);
      liveManaged = List.copyOf(liveManaged);
    }
  }

  private OrphanAudit() {}

  /** Ids of the slot's orphans at {@code now}. */
  static List<String> orphans(SlotView v, Instant now) {
    return v.liveManaged().stream()
        .map(TokenInfo::id)
        .filter(id -> v.servedTokenId().map(s -> !s.equals(id)).orElse(true))
        .filter(id -> !(v.revokeAfter().containsKey(id) && now.isBefore(v.revokeAfter().get(id))))
        .toList();
  }

  /** Reads the slot from the emulators: live tokens, the served secret and the state document. */
  static SlotView read(MotherDuckEmulator md, VaultEmulator vault, String mount, String username, String slot,
      String vaultPath, String statePath) {
    List<TokenInfo> live = md.liveTokens(username).stream()
        .filter(t -> TokenNames.belongsTo(t.name(), slot)).toList();
    Optional<String> served = vault.currentData(mount, vaultPath)
        .map(d -> d.get(SecretContract.TOKEN_ID)).map(String::valueOf);
    Map<String, Instant> revokeAfter = new HashMap<>();
    vault.currentData(mount, statePath).ifPresent(doc -> doc.forEach((k, v) -> {
      if (k.startsWith(SUPERSEDED)) {
        JsonNode n = JSON.readTree(String.valueOf(v));
        revokeAfter.put(k.substring(SUPERSEDED.length()), Instant.parse(n.path("revokeAfter").asString()));
      }
    }));
    return new SlotView(username + "/" + slot, served, revokeAfter, live);
  }
}
