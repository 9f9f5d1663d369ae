package io.mdrotator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyDiffTest {
  static SlotPolicy slot(String user, String name, Duration ttl) {
    return new SlotPolicy(new SlotId(user, name), TokenType.READ_WRITE, ttl, RenewBefore.DEFAULT,
        Duration.ofHours(1), "md/" + user + "/" + name);
  }

  static AccountPolicy account(String user, UnmanagedTokens u, SlotPolicy... slots) {
    return new AccountPolicy(user, false, Optional.empty(), u, List.of(slots));
  }

  @Test
  void reportsAddedRemovedChangedSlotsAndAccountSettings() {
    Duration d = Duration.ofDays(1);
    Policy before = new Policy(List.of(
        account("a", UnmanagedTokens.REPORT, slot("a", "keep", d), slot("a", "gone", d), slot("a", "ttl", d)),
        account("b", UnmanagedTokens.REPORT, slot("b", "x", d))));
    Policy after = new Policy(List.of(
        account("a", UnmanagedTokens.REPORT, slot("a", "keep", d), slot("a", "ttl", d.multipliedBy(2)), slot("a", "new", d)),
        account("b", UnmanagedTokens.REVOKE, slot("b", "x", d))));
    PolicyDiff diff = PolicyDiff.between(before, after);
    assertThat(diff.added()).containsExactly(new SlotId("a", "new"));
    assertThat(diff.removed()).containsExactly(new SlotId("a", "gone"));
    assertThat(diff.changed()).containsExactly(new SlotId("a", "ttl"));
    assertThat(diff.changedAccounts()).containsExactly("b");
    assertThat(diff.isEmpty()).isFalse();
    assertThat(PolicyDiff.between(after, after).isEmpty()).isTrue();
  }

  @Test
  void summaryOfALargeReloadStaysShort() {
    List<SlotId> many = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add(new SlotId("svc_" + i, "rw"));
    }
    PolicyDiff diff = new PolicyDiff(List.of(), many.subList(0, 3), many, List.of());

    String s = diff.summary();

    assertThat(s).startsWith("added [], removed [svc_0/rw, svc_1/rw, svc_2/rw], changed [svc_0/rw, ")
        .contains("svc_19/rw, ... (9980 more)]").doesNotContain("svc_20/rw").endsWith("accounts changed []");
    assertThat(s.length()).isLessThan(500);
  }
}
