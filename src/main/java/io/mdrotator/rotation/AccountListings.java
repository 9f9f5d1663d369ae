package io.mdrotator.rotation;

import io.mdrotator.port.TokenInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * MotherDuck token listings shared by the slots of one pass (a reconcile pass, the scheduler's runs
 * of every slot after a start or reload): the first slot of an account to be observed lists it, the
 * account's other slots observe with that listing, so a pass costs one listing per account
 * instead of one per slot.
 *
 * <p>Why a listing taken earlier in the pass is as safe as a fresh one: the observation only needs
 * the listing to be taken before the slot's state document is read (a token listed was minted
 * after its intent was written, so the state read after the listing sees that intent or its
 * completion; {@link SlotObserver}). Any listing taken during the pass was taken before the state
 * read of a slot observed later. What an older listing can miss is a token minted or revoked since:
 * a served token missing from it makes the observer look again with a fresh listing, a revoked
 * token still in it is found by the next fresh listing (the liveness watch's, or a run requested
 * later, which never uses this pass's listings). Only the first look of a slot's run uses it; every
 * further look of the run lists afresh.
 *
 * <p>A listing that fails is not kept: the next slot of the account lists again. Concurrent slots of
 * one account that find no listing yet both list (no slot waits for another's request): callers
 * order the pass so that one slot per account runs first. Thread-safe.
 */
public final class AccountListings {
  /** Shares nothing: every observation lists the account itself. */
  public static final AccountListings NONE = new AccountListings(false);

  private final boolean shared;
  private final Map<String, List<TokenInfo>> byAccount = new ConcurrentHashMap<>();

  private AccountListings(boolean shared) {
    this.shared = shared;
  }

  /** Listings for one pass; drop it when the pass ends. */
  public static AccountListings forPass() {
    return new AccountListings(true);
  }

  /** The account's listing of this pass, taking it with {@code list} when there is none yet. */
  List<TokenInfo> listing(String username, Supplier<List<TokenInfo>> list) {
    if (!shared) {
      return list.get();
    }
    List<TokenInfo> known = byAccount.get(username);
    if (known != null) {
      return known;
    }
    return fresh(username, list);
  }

  /** Lists the account now (a further look of a run); later slots of the pass use this listing. */
  List<TokenInfo> fresh(String username, Supplier<List<TokenInfo>> list) {
    List<TokenInfo> now = List.copyOf(list.get());
    if (shared) {
      byAccount.put(username, now);
    }
    return now;
  }
}
