package io.mdrotator.rotation;

import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.port.CasResult;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultStoreException;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import java.util.Optional;

/**
 * The store and verify steps of a rotation: writes the minted token to Vault with check-and-set,
 * then checks Vault serves it. A token that certainly did not land is revoked and its intent
 * dropped; one that may have landed is never revoked (its intent stays for the planner).
 */
final class TokenStorer {
  private final KvStore kv;
  private final StateStore state;
  private final RotationListener listener;
  private final Revoker revoker;

  TokenStorer(KvStore kv, StateStore state, RotationListener listener, Revoker revoker) {
    this.kv = kv;
    this.state = state;
    this.listener = listener;
    this.revoker = revoker;
  }

  /** Stores with CAS; empty when another writer won (our token is then revoked). */
  Optional<Long> store(
      SlotPolicy slot, String rid, IssuedToken issued, long expected, String statePath) {
    String id = issued.info().id();
    CasResult r;
    try {
      r = kv.writeCas(slot.vaultPath(), SecretContract.secretData(slot, rid, issued), expected);
    } catch (VaultStoreException e) {
      return Optional.of(storeOutcomeUnknown(slot, rid, id, statePath, e));
    }
    if (r instanceof CasResult.Written w) {
      return Optional.of(w.version());
    }
    revoker.revoke(slot.id(), id, RevocationReason.ORPHAN);
    listener.casLost(slot.id(), rid, id);
    state.update(statePath, s -> s.withoutIntent(rid));
    return Optional.empty();
  }

  /** The write's reply was lost or refused: find out from Vault whether it landed. */
  private long storeOutcomeUnknown(
      SlotPolicy slot, String rid, String id, String statePath, VaultStoreException e) {
    RotationFailedException f = fail(slot, rid, "store", "Vault write failed", e);
    Optional<KvVersion> latest;
    try {
      latest = kv.readLatest(slot.vaultPath());
    } catch (RuntimeException again) {
      f.addSuppressed(again); // unknown: keep the intent, never revoke what Vault might serve
      throw f;
    }
    Optional<ServedToken> served = latest.flatMap(SecretContract::served);
    if (served.isPresent() && served.get().tokenId().equals(id)) {
      return served.get().vaultVersion();
    }
    throw f.afterCleanup(() -> {
      revoker.revoke(slot.id(), id, RevocationReason.ORPHAN);
      state.update(statePath, s -> s.withoutIntent(rid));
    });
  }

  /**
   * Vault's latest version must be ours. MotherDuck is not asked again: its create reply carried
   * the token's id, which proves the token exists (a create without a usable reply is
   * outcome-unknown and never gets here).
   */
  KvVersion verify(SlotPolicy slot, String rid, String id, long version) {
    Optional<KvVersion> back = kv.readLatest(slot.vaultPath());
    String servedId = back.flatMap(SecretContract::served).map(ServedToken::tokenId).orElse("");
    if (back.isEmpty() || back.get().version() != version || !servedId.equals(id)) {
      throw fail(slot, rid, "verify",
          "Vault serves version " + back.map(KvVersion::version).orElse(0L)
              + " token '" + servedId + "', expected version " + version + " token '" + id + "'",
          null);
    }
    return back.get();
  }

  private static RotationFailedException fail(
      SlotPolicy slot, String rid, String step, String detail, Throwable cause) {
    return new RotationFailedException(slot.id(), rid, step, detail, cause);
  }
}
