package io.mdrotator.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated policy: the service accounts md-rotator manages and their token slots. Immutable;
 * {@link #slot} and {@link #account} are map lookups (the scheduler and the metrics look up every
 * slot at start and on each reload, so a scan per lookup made those quadratic in the slot count).
 */
public final class Policy {
  private final List<AccountPolicy> accounts;
  private final List<SlotPolicy> slots;
  private final Map<SlotId, SlotPolicy> slotIndex;
  private final Map<String, AccountPolicy> accountIndex;

  public Policy(List<AccountPolicy> accounts) {
    this.accounts = List.copyOf(accounts);
    // A loop, not a flatMap stream: built on every load and reload (10,000 slots at fleet scale).
    List<SlotPolicy> all = new ArrayList<>();
    for (AccountPolicy a : this.accounts) {
      all.addAll(a.slots());
    }
    this.slots = Collections.unmodifiableList(all);
    Map<SlotId, SlotPolicy> byId = new HashMap<>(slots.size() * 2);
    slots.forEach(s -> byId.putIfAbsent(s.id(), s)); // first wins, as a scan in policy order would
    this.slotIndex = byId;
    Map<String, AccountPolicy> byName = new HashMap<>(this.accounts.size() * 2);
    this.accounts.forEach(a -> byName.putIfAbsent(key(a.username()), a));
    this.accountIndex = byName;
  }

  public List<AccountPolicy> accounts() {
    return accounts;
  }

  /** Every slot of every account, in policy order. */
  public List<SlotPolicy> slots() {
    return slots;
  }

  public Optional<SlotPolicy> slot(SlotId id) {
    return Optional.ofNullable(slotIndex.get(id));
  }

  /** The account named {@code username}, compared without regard to case. */
  public Optional<AccountPolicy> account(String username) {
    return Optional.ofNullable(accountIndex.get(key(username)));
  }

  private static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Policy p && accounts.equals(p.accounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accounts);
  }

  @Override
  public String toString() {
    return "Policy[accounts=" + accounts + "]";
  }
}
