package io.mdrotator.rotation;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.SlotObservation.Failures;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import java.util.List;
import java.util.Optional;

/** Takes one consistent observation of a slot: MotherDuck's listing, the state document, what Vault serves. */
final class SlotObserver {
  static final int OBSERVE_ATTEMPTS = 3;

  private final AccountTokens accounts;
  private final StateStore state;
  private final KvStore kv;
  private final EngineOptions options;
  private final AbandonedIntents abandoned;

  SlotObserver(AccountTokens accounts, StateStore state, KvStore kv, EngineOptions options, AbandonedIntents abandoned) {
    this.accounts = accounts;
    this.state = state;
    this.kv = kv;
    this.options = options;
    this.abandoned = abandoned;
  }

  /**
   * Reads in the order tokens → state → served: a token listed here was minted after its intent
   * was written, so either the intent or (after completion) the served version is seen, never
   * neither. A served token missing from the listing means another engine minted and stored it
   * after the listing, possibly also after the state was read (then the state lacks both its intent
   * and the superseded entry of the token it replaced, and that token would look like an orphan):
   * the whole observation is taken again, in the same order. A token still missing after
   * {@value #OBSERVE_ATTEMPTS} looks is treated as not listed.
   */
  SlotObservation observe(SlotPolicy slot, AccountPolicy account, boolean mayCreateAccount, Failures failures) {
    return observe(slot, account, mayCreateAccount, failures, AccountListings.NONE);
  }

  /**
   * As above; the first look uses the account's listing of {@code pass} (taking it when the pass
   * has none yet), every further look lists afresh and leaves that listing to the pass. A retired
   * slot never creates the account (one MotherDuck does not know has no tokens) and lists on its
   * own, outside the pass: its empty listing of a missing account must not stand in for the
   * listing of a slot that creates it.
   */
  SlotObservation observe(SlotPolicy slot, AccountPolicy account, boolean mayCreateAccount, Failures failures,
      AccountListings pass) {
    if (slot.retired()) {
      return observe(slot, () -> accounts.listIfExists(account), failures);
    }
    String user = account.username();
    java.util.function.Supplier<List<TokenInfo>> list = () -> accounts.list(account, mayCreateAccount);
    boolean[] first = {true};
    return observe(slot, () -> {
      boolean shared = first[0];
      first[0] = false;
      return shared ? pass.listing(user, list) : pass.fresh(user, list);
    }, failures);
  }

  /** As above with {@code listing} as MotherDuck's token list (empty for an account not yet created). */
  SlotObservation observe(SlotPolicy slot, java.util.function.Supplier<List<TokenInfo>> listing, Failures failures) {
    for (int attempt = 1; ; attempt++) {
      List<TokenInfo> tokens = listing.get();
      SlotState s = state.read(options.statePath(slot.id().username(), slot.id().slot()));
      Optional<KvVersion> latest = kv.readLatest(slot.vaultPath());
      Optional<ServedToken> served = latest.flatMap(SecretContract::served);
      boolean unlisted = served.isPresent()
          && tokens.stream().noneMatch(t -> t.id().equals(served.get().tokenId()));
      if (unlisted && attempt < OBSERVE_ATTEMPTS) {
        continue;
      }
      Optional<Long> emptyBase = latest.isPresent() ? Optional.empty() : casBaseOfEmptyKey(slot.vaultPath());
      if (latest.isEmpty() && emptyBase.isEmpty()) {
        if (attempt < OBSERVE_ATTEMPTS) {
          continue;
        }
        throw new RotationFailedException(slot.id(), "-", "observe",
            "a version of " + slot.vaultPath() + " appeared during each of " + OBSERVE_ATTEMPTS + " observations", null);
      }
      long keyVersion = latest.map(KvVersion::version).orElseGet(emptyBase::orElseThrow);
      return new SlotObservation(tokens, served, keyVersion, s,
          failures, latest.map(KvVersion::customMetadata),
          abandoned.stillRecorded(slot.id(), s.intents().keySet()));
    }
  }

  /**
   * The check-and-set base for a key with no readable version (never written, or its latest
   * deleted): its current_version, but only if still nothing is readable after reading it. A
   * version another engine stored after our empty read would otherwise become the base of an
   * observation that saw nothing served, and our store would silently replace it.
   */
  private Optional<Long> casBaseOfEmptyKey(String path) {
    long current = kv.readMetadata(path).map(KvMetadata::currentVersion).orElse(0L);
    return current > 0 && kv.readLatest(path).isPresent() ? Optional.empty() : Optional.of(current);
  }

}
