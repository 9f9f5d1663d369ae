package io.mdrotator.rotation;

import io.mdrotator.motherduck.DucklingConfig;
import io.mdrotator.motherduck.MotherDuckApi;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.SlotPolicy;

/** Puts the account's declared Duckling config, only on drift and only from its first slot. */
final class DucklingSync {
  private final MotherDuckApi md;

  DucklingSync(MotherDuckApi md) {
    this.md = md;
  }

  /** True when a drift was corrected. */
  boolean apply(SlotPolicy slot, AccountPolicy account) {
    if (account.ducklings().isEmpty()
        || account.slots().isEmpty()
        || !account.slots().get(0).id().equals(slot.id())) {
      return false;
    }
    DucklingConfig desired = account.ducklings().get();
    if (desired.equals(md.getDucklings(account.username()))) {
      return false;
    }
    md.setDucklings(account.username(), desired);
    return true;
  }
}
