package io.mdrotator.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed between two policies: slots added, removed (no longer managed; never revoked by the
 * diff itself) or changed, and accounts whose account-level settings (ensureExists, ducklings,
 * unmanagedTokens) changed. Lists are sorted.
 */
public record PolicyDiff(
    List<SlotId> added, List<SlotId> removed, List<SlotId> changed, List<String> changedAccounts) {
  public PolicyDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    changedAccounts = List.copyOf(changedAccounts);
  }

  public static PolicyDiff between(Policy previous, Policy next) {
    Map<SlotId, SlotPolicy> before = bySlot(previous);
    Map<SlotId, SlotPolicy> after = bySlot(next);
    List<SlotId> added = new ArrayList<>();
    List<SlotId> removed = new ArrayList<>();
    List<SlotId> changed = new ArrayList<>();
    after.forEach((id, slot) -> {
      SlotPolicy old = before.get(id);
      if (old == null) {
        added.add(id);
      } else if (!old.equals(slot)) {
        changed.add(id);
      }
    });
    before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(removed::add);
    List<String> accounts = new ArrayList<>();
    for (AccountPolicy a : next.accounts()) {
      previous.account(a.username())
          .filter(p -> !sameSettings(p, a))
          .ifPresent(p -> accounts.add(a.username()));
    }
    accounts.sort(null);
    return new PolicyDiff(added, removed, changed, accounts);
  }

  private static boolean sameSettings(AccountPolicy a, AccountPolicy b) {
    return a.ensureExists() == b.ensureExists()
        && a.ducklings().equals(b.ducklings())
        && a.unmanagedTokens() == b.unmanagedTokens();
  }

  private static Map<SlotId, SlotPolicy> bySlot(Policy p) {
    return p.slots().stream()
        .collect(Collectors.toMap(SlotPolicy::id, Function.identity(), (x, y) -> x, TreeMap::new));
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && changedAccounts.isEmpty();
  }

  /** Longest list {@link #summary} prints in full; a reload of 10,000 slots stays one short line. */
  static final int SUMMARY_LIMIT = 20;

  /**
   * One log line, e.g. {@code added [a/rw], removed [], changed [b/rs], accounts changed []}; a
   * list longer than {@link #SUMMARY_LIMIT} shows its first entries and how many more there are.
   */
  public String summary() {
    return "added " + brief(added) + ", removed " + brief(removed) + ", changed " + brief(changed)
        + ", accounts changed " + brief(changedAccounts);
  }

  private static String brief(java.util.Collection<?> items) {
    if (items.size() <= SUMMARY_LIMIT) {
      return items.toString();
    }
    String head = items.stream().limit(SUMMARY_LIMIT).map(String::valueOf).collect(Collectors.joining(", "));
    return "[" + head + ", ... (" + (items.size() - SUMMARY_LIMIT) + " more)]";
  }

  @Override
  public String toString() {
    return Objects.toString(summary());
  }
}
