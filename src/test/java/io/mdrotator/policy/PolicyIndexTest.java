package io.mdrotator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Policy lookups go through its index: every slot and account is found, case rules hold. */
class PolicyIndexTest {
  private static SlotPolicy slot(String user, String name) {
    return new SlotPolicy(new SlotId(user, name), TokenType.READ_WRITE, Duration.ofHours(1),
        RenewBefore.DEFAULT, Duration.ofMinutes(5), "kv/" + user + "/" + name);
  }

  private static AccountPolicy account(String user, SlotPolicy... slots) {
    return new AccountPolicy(user, false, Optional.empty(), UnmanagedTokens.REPORT, List.of(slots));
  }

  @Test
  void findsEverySlotAndAccountOfALargePolicy() {
    List<AccountPolicy> accounts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      accounts.add(account("svc_" + i, slot("svc_" + i, "a"), slot("svc_" + i, "b")));
    }
    Policy p = new Policy(accounts);
    assertThat(p.slots()).hasSize(1000);
    for (SlotPolicy s : p.slots()) {
      assertThat(p.slot(s.id())).containsSame(s);
      assertThat(p.account(s.id().username()).map(AccountPolicy::username)).contains(s.id().username());
    }
    assertThat(p.slot(new SlotId("svc_1", "c"))).isEmpty();
    assertThat(p.slot(new SlotId("svc_9999", "a"))).isEmpty();
    assertThat(p.account("svc_9999")).isEmpty();
  }

  @Test
  void accountLookupIgnoresCaseSlotLookupDoesNot() {
    SlotPolicy s = slot("Svc_Etl", "rw");
    Policy p = new Policy(List.of(account("Svc_Etl", s)));
    assertThat(p.account("svc_etl")).isPresent();
    assertThat(p.account("SVC_ETL")).isPresent();
    assertThat(p.slot(new SlotId("Svc_Etl", "rw"))).containsSame(s);
  }

  @Test
  void slotsKeepPolicyOrderAndEqualityFollowsAccounts() {
    Policy p = new Policy(List.of(account("b", slot("b", "2"), slot("b", "1")), account("a", slot("a", "1"))));
    assertThat(p.slots()).extracting(x -> x.id().toString()).containsExactly("b/2", "b/1", "a/1");
    Policy same = new Policy(List.copyOf(p.accounts()));
    assertThat(same).isEqualTo(p).hasSameHashCodeAs(p);
    assertThat(new Policy(List.of())).isNotEqualTo(p);
  }
}
