package io.mdrotator.rotation;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.port.CasResult;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.secret.Secret;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Takes over a token made by hand (MotherDuck's guide: create the token, store it yourself): the
 * slot's path then serves it in the {@link SecretContract}, without minting, and from there the
 * engine treats it as any served token: rotated when due, then revoked after the grace period.
 *
 * <p>MotherDuck never shows a secret again, so which listed token the stored secret is cannot be
 * read from the API: the operator names it by id or name, or the account has exactly one token of
 * the slot's type that md-rotator did not mint and no other slot serves. Steps: the slot's
 * {@code custom_metadata}, the check-and-set write (base: what the slot held when read, so a token
 * the daemon stored meanwhile wins and adoption is refused), the read-back, then with {@code move}
 * the soft delete of the source, only once the slot serves the token: a crash at any point leaves
 * the token readable at the source, the slot or both, and running again finishes.
 */
public final class Adoption {
  /** Where the hand-made token is stored: a path on md-rotator's mount and the field holding it. */
  public record Source(String path, String field) {
    public Source {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(field, "field");
    }
  }

  /** How the operator names the hand-made token: its id, its name, or neither (the only candidate). */
  public record Identify(Optional<String> tokenId, Optional<String> tokenName) {
    public Identify {
      Objects.requireNonNull(tokenId, "tokenId");
      Objects.requireNonNull(tokenName, "tokenName");
    }
  }

  /** What adopting ended with. */
  public sealed interface Outcome {
    /** The slot serves {@code token}; {@code resumed} when it already did (an earlier run's write). */
    record Adopted(TokenInfo token, long vaultVersion, boolean resumed, boolean moved) implements Outcome {}

    /** Nothing was written (or, for a move, deleted): {@code reason} says why. */
    record Refused(String reason) implements Outcome {}
  }

  private final MotherDuckApi md;
  private final KvStore kv;
  private final RotationListener listener;

  public Adoption(MotherDuckApi md, KvStore kv, RotationListener listener) {
    this.md = md;
    this.kv = kv;
    this.listener = listener;
  }

  public Outcome adopt(SlotPolicy slot, AccountPolicy account, Source source, Identify identify, boolean move) {
    if (account.unmanagedTokens() == UnmanagedTokens.REVOKE) {
      return refused("account '" + account.username() + "' has unmanagedTokens: revoke, which would revoke the"
          + " hand-made token before it is adopted and right after it is superseded; set it to report first");
    }
    List<TokenInfo> tokens = md.listTokens(account.username());
    Optional<KvVersion> current = kv.readLatest(slot.vaultPath());
    Optional<ServedToken> served = current.flatMap(SecretContract::served);
    Optional<KvVersion> src = kv.readLatest(source.path());
    Optional<Secret> secret = src.flatMap(v -> v.data().secret(source.field()));
    if (served.isPresent()) {
      return resume(slot, served.get(), tokens, identify, source, secret, move);
    }
    if (src.isEmpty()) {
      return refused("nothing is stored at " + source.path());
    }
    if (secret.isEmpty()) {
      return refused(source.path() + " has no field '" + source.field() + "' (fields: " + src.get().data().keys() + ")");
    }
    Candidates found = Candidates.of(tokens, servedByOtherSlots(slot, account), slot.tokenType(), identify);
    if (found.token().isEmpty()) {
      return refused(found.problem());
    }
    TokenInfo token = found.token().get();
    Map<String, String> metadata = SecretContract.customMetadata(slot);
    Optional<KvMetadata> meta = kv.readMetadata(slot.vaultPath());
    if (!meta.map(KvMetadata::customMetadata).equals(Optional.of(metadata))) {
      kv.writeCustomMetadata(slot.vaultPath(), metadata);
    }
    long base = meta.map(KvMetadata::currentVersion).orElse(0L);
    if (base > 0 && kv.readLatest(slot.vaultPath()).isPresent()) {
      return anotherWriter(slot); // stored after our first read: its version must not become our base
    }
    String rid = "adopt-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    CasResult r = kv.writeCas(slot.vaultPath(),
        SecretContract.secretData(slot, rid, new IssuedToken(token, secret.get())), base);
    if (r instanceof CasResult.Conflict) {
      return anotherWriter(slot);
    }
    long version = ((CasResult.Written) r).version();
    verify(slot, rid, token.id(), version);
    listener.tokenAdopted(slot.id(), token.id(), source.path(), move);
    if (move) {
      kv.softDeleteLatest(source.path());
    }
    return new Outcome.Adopted(token, version, false, move);
  }

  /**
   * The slot already serves a token: adopted by an earlier run if it is the one named (then only the
   * move may be left to do, and the source is deleted only while it still holds that very secret),
   * otherwise refused: adoption never replaces what a slot serves.
   */
  private Outcome resume(SlotPolicy slot, ServedToken served, List<TokenInfo> tokens, Identify identify,
      Source source, Optional<Secret> secret, boolean move) {
    boolean named = identify.tokenId().map(served.tokenId()::equals)
        .or(() -> identify.tokenName().map(served.tokenName()::equals)).orElse(true);
    Optional<TokenInfo> info = tokens.stream().filter(t -> t.id().equals(served.tokenId())).findFirst();
    if (!named || info.isEmpty() || TokenNames.parse(served.tokenName()).isPresent()) {
      return refused("slot " + slot.id() + " already serves token " + served.tokenId()
          + ": adoption is for a slot that serves nothing yet");
    }
    boolean sameSecret = secret.isPresent() && kv.readLatest(slot.vaultPath())
        .flatMap(v -> v.data().secret(SecretContract.TOKEN)).equals(secret);
    if (move && sameSecret) {
      kv.softDeleteLatest(source.path());
    }
    return new Outcome.Adopted(info.get(), served.vaultVersion(), true, move && sameSecret);
  }

  private void verify(SlotPolicy slot, String rid, String tokenId, long version) {
    Optional<KvVersion> back = kv.readLatest(slot.vaultPath());
    String servedId = back.flatMap(SecretContract::served).map(ServedToken::tokenId).orElse("");
    if (back.isEmpty() || back.get().version() != version || !servedId.equals(tokenId)) {
      throw new RotationFailedException(slot.id(), rid, "verify", "Vault serves token '" + servedId
          + "' at version " + back.map(KvVersion::version).orElse(0L) + ", expected '" + tokenId + "' at " + version, null);
    }
  }

  /** Token ids the account's other slots serve: never adopted twice. */
  private Set<String> servedByOtherSlots(SlotPolicy slot, AccountPolicy account) {
    Set<String> ids = new HashSet<>();
    for (SlotPolicy other : account.slots()) {
      if (!other.id().equals(slot.id())) {
        kv.readLatest(other.vaultPath()).flatMap(SecretContract::served).ifPresent(s -> ids.add(s.tokenId()));
      }
    }
    return ids;
  }

  private static Outcome anotherWriter(SlotPolicy slot) {
    return refused("another writer stored a token at " + slot.vaultPath() + " meanwhile (does the daemon"
        + " already manage slot " + slot.id() + "?): nothing adopted");
  }

  private static Outcome refused(String reason) {
    return new Outcome.Refused(reason);
  }
}
