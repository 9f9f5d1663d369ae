package io.mdrotator.rotation;

import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.port.CasResult;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultStoreException;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import java.util.Map;
import java.util.Optional;

/**
 * The store and verify steps of a rotation: writes the minted token to Vault with check-and-set
 * and checks from Vault's reply that it serves it (one round trip for both). A token that certainly did not land is revoked and its intent
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

  /**
   * Stores with CAS against {@code expected}; the version Vault now serves (ours), or empty when
   * another writer won (our token is then revoked). {@code metadata}: the key's custom metadata as
   * the rotation left it, echoed into the returned version.
   */
  Optional<KvVersion> store(SlotPolicy slot, String rid, IssuedToken issued, long expected,
      Map<String, String> metadata, String statePath) {
    String id = issued.info().id();
    KvData data = SecretContract.secretData(slot, rid, issued);
    CasResult r;
    try {
      r = kv.writeCas(slot.vaultPath(), data, expected);
    } catch (VaultStoreException e) {
      return Optional.of(storeOutcomeUnknown(slot, rid, id, statePath, e));
    }
    if (r instanceof CasResult.Written w) {
      return Optional.of(new KvVersion(w.version(), data, w.createdTime(), metadata));
    }
    revoker.revoke(slot.id(), id, RevocationReason.ORPHAN);
    listener.casLost(slot.id(), rid, id);
    state.update(statePath, s -> s.withoutIntent(rid));
    return Optional.empty();
  }

  /** The write's reply was lost or refused: find out from Vault whether it landed. */
  private KvVersion storeOutcomeUnknown(
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
      return latest.get();
    }
    throw f.afterCleanup(() -> {
      revoker.revoke(slot.id(), id, RevocationReason.ORPHAN);
      state.update(statePath, s -> s.withoutIntent(rid));
    });
  }

  /**
   * Vault serves our token: the stored version is newer than the check-and-set base and holds our
   * token id. No read-back is needed: Vault accepts a check-and-set write only while {@code
   * expected} is the key's current version and answers with the version it created, so a write
   * reply (or, when it was lost, the read that found our token latest) is Vault's own statement
   * that our token was the latest version when written; a read-back would prove the same of a
   * slightly later instant and nothing about the next one. MotherDuck is not asked again either:
   * its create reply carried the token's id, which proves the token exists (a create without a
   * usable reply is outcome-unknown and never gets here).
   */
  KvVersion verify(SlotPolicy slot, String rid, String id, long expected, KvVersion stored) {
    String servedId = SecretContract.served(stored).map(ServedToken::tokenId).orElse("");
    if (stored.version() <= expected || !servedId.equals(id)) {
      throw fail(slot, rid, "verify",
          "Vault reports version " + stored.version() + " token '" + servedId + "', expected a version above "
              + expected + " with token '" + id + "'",
          null);
    }
    return stored;
  }

  private static RotationFailedException fail(
      SlotPolicy slot, String rid, String step, String detail, Throwable cause) {
    return new RotationFailedException(slot.id(), rid, step, detail, cause);
  }
}
