package io.mdrotator.policy;

import java.util.List;
import java.util.Optional;

/** A validated policy: the service accounts md-rotator manages and their token slots. */
public record Policy(List<AccountPolicy> accounts) {
  public Policy {
    accounts = List.copyOf(accounts);
  }

  /** Every slot of every account, in policy order. */
  public List<SlotPolicy> slots() {
    return accounts.stream().flatMap(a -> a.slots().stream()).toList();
  }

  public Optional<SlotPolicy> slot(SlotId id) {
    return slots().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<AccountPolicy> account(String username) {
    return accounts.stream().filter(a -> a.username().equalsIgnoreCase(username)).findFirst();
  }
}
