package io.mdrotator.rotation;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.VaultPaths;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.port.TokenInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The end of a service account's life (the last step of MotherDuck's service-account guide):
 * deletes the account, which revokes every token it has, then the Vault keys md-rotator kept for
 * it, the slots' secrets and state documents.
 *
 * <p>Which slots: those named by the account's managed tokens ({@code md-rotator/<slot>/...}),
 * plus those the operator names (a slot whose only token was adopted, or an account already
 * deleted by an interrupted earlier run, whose tokens can no longer be listed). A slot's secret is
 * deleted only when its {@code custom_metadata} says md-rotator keeps it for that slot: a path the
 * template merely points at is never touched. Deleting the account comes first: a crash after it
 * leaves only dead tokens in Vault, never a live token whose record is gone; running again finishes.
 */
public final class AccountDeletion {
  private final MotherDuckApi md;
  private final KvStore kv;
  private final EngineOptions options;
  private final RotationListener listener;

  public AccountDeletion(MotherDuckApi md, KvStore kv, EngineOptions options, RotationListener listener) {
    this.md = md;
    this.kv = kv;
    this.options = options;
    this.listener = listener;
  }

  /**
   * Why the policy forbids deleting {@code username}; empty when it allows it. An account the policy
   * still manages would be recreated ({@code ensureExists}) or its slots would fail on every run.
   */
  public static Optional<String> refusal(Policy policy, String username) {
    return policy.account(username).filter(AccountDeletion::managedByPolicy)
        .map(a -> "account '" + username + "' is in the policy and not retired: retire it (or remove it) first");
  }

  /**
   * Whether the policy still manages an account it lists: the one criterion of {@link #refusal}.
   * Every listed account is managed unless the policy retires all its slots ({@link
   * AccountPolicy#retiring()}). Deleting a retiring account ends its retirement grace at once: the
   * API revokes every token of the account, as {@code retire --now} would.
   */
  static boolean managedByPolicy(AccountPolicy account) {
    return !account.retiring();
  }

  /** One Vault key of the account and whether it will be deleted or left alone (with why). */
  public record Key(String path, boolean delete, String note) {}

  /**
   * What deleting would do: {@code accountExists} (false when MotherDuck no longer knows it), the
   * live tokens it revokes (ids), the slots found and each key with its fate.
   */
  public record Plan(String username, boolean accountExists, List<String> liveTokenIds, List<String> slots,
      List<Key> keys) {
    public Plan {
      liveTokenIds = List.copyOf(liveTokenIds);
      slots = List.copyOf(slots);
      keys = List.copyOf(keys);
    }
  }

  /**
   * Reads only: the account's tokens, then for each slot its secret's metadata. {@code template} is
   * the slots' {@code vaultPath} template ({@code {username}}, {@code {slot}}).
   */
  public Plan plan(String username, Collection<String> namedSlots, String template) {
    boolean exists = true;
    List<TokenInfo> tokens = List.of();
    try {
      tokens = md.listTokens(username);
    } catch (MotherDuckNotFoundException e) {
      exists = false;
    }
    TreeSet<String> slots = new TreeSet<>(namedSlots);
    tokens.forEach(t -> TokenNames.parse(t.name()).ifPresent(p -> slots.add(p.slot())));
    List<Key> keys = new ArrayList<>();
    for (String slot : slots) {
      String secret = VaultPaths.expand(template, username, slot);
      keys.add(secretKey(new SlotId(username, slot), secret));
      String state = options.statePath(username, slot);
      boolean hasState = kv.readMetadata(state).map(m -> m.currentVersion() > 0).orElse(false);
      keys.add(new Key(state, hasState, hasState ? "state document" : "no state document"));
    }
    return new Plan(username, exists, tokens.stream().map(TokenInfo::id).toList(), List.copyOf(slots), keys);
  }

  private Key secretKey(SlotId slot, String path) {
    Optional<KvMetadata> meta = kv.readMetadata(path);
    if (meta.isEmpty()) {
      return new Key(path, false, "no secret");
    }
    Map<String, String> custom = meta.get().customMetadata();
    boolean ours = SecretContract.MANAGER.equals(custom.get(SecretContract.MANAGED_BY))
        && slot.toString().equals(custom.get(SecretContract.SLOT));
    return ours ? new Key(path, true, "secret of slot " + slot)
        : new Key(path, false, "not md-rotator's secret of slot " + slot + ": left alone");
  }

  /**
   * Deletes the account (a 404 means an earlier run did), then each key the plan deletes: its latest
   * version soft-deleted (recoverable with {@code vault kv undelete}), or with {@code destroy} every
   * version and the metadata. Each step is reported to the listener as it is done.
   */
  public void execute(Plan plan, boolean destroy) {
    boolean existed = true;
    try {
      md.deleteServiceAccount(plan.username());
    } catch (MotherDuckNotFoundException e) {
      existed = false;
    }
    listener.accountDeleted(plan.username(), existed);
    for (Key k : plan.keys()) {
      if (!k.delete()) {
        continue;
      }
      if (destroy) {
        kv.destroyAll(k.path());
      } else {
        kv.softDeleteLatest(k.path());
      }
      listener.vaultKeyDeleted(plan.username(), k.path(), destroy);
    }
  }
}
