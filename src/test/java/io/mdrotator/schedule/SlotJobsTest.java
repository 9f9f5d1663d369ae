package io.mdrotator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotJobsTest {
  private static SlotPolicy slot(String user, String name, Duration grace) {
    return new SlotPolicy(new SlotId(user, name), TokenType.READ_WRITE, Duration.ofHours(1),
        RenewBefore.DEFAULT, grace, "kv/" + user + "/" + name);
  }

  private static AccountPolicy account(String user, UnmanagedTokens unmanaged, SlotPolicy... slots) {
    return new AccountPolicy(user, false, Optional.empty(), unmanaged, List.of(slots));
  }

  private final Duration five = Duration.ofMinutes(5);
  private final Policy previous = new Policy(List.of(
      account("a", UnmanagedTokens.REPORT, slot("a", "1", five), slot("a", "2", five)),
      account("b", UnmanagedTokens.REPORT, slot("b", "1", five))));
  private final Policy next = new Policy(List.of(
      account("a", UnmanagedTokens.REPORT, slot("a", "1", five), slot("a", "2", Duration.ofMinutes(6))),
      account("b", UnmanagedTokens.REVOKE, slot("b", "1", five)),
      account("c", UnmanagedTokens.REPORT, slot("c", "1", five))));

  @Test
  void reuseGivesTheSameFingerprintsAsComputingAll() {
    assertThat(SlotJobs.fingerprints(next, previous, SlotJobs.fingerprints(previous)))
        .isEqualTo(SlotJobs.fingerprints(next));
  }

  @Test
  void onlySlotsWithEqualPolicyAndAccountSettingsAreReused() {
    Map<SlotId, String> known = new HashMap<>();
    SlotJobs.fingerprints(previous).keySet().forEach(id -> known.put(id, "known-" + id));

    Map<SlotId, String> got = SlotJobs.fingerprints(next, previous, known);

    assertThat(got.get(new SlotId("a", "1"))).isEqualTo("known-a/1");
    assertThat(got.get(new SlotId("a", "2"))).isEqualTo(SlotJobs.fingerprints(next).get(new SlotId("a", "2")));
    assertThat(got.get(new SlotId("b", "1"))).isEqualTo(SlotJobs.fingerprints(next).get(new SlotId("b", "1")))
        .isNotEqualTo(SlotJobs.fingerprints(previous).get(new SlotId("b", "1")));
    assertThat(got).containsKey(new SlotId("c", "1")).hasSize(4);
  }

  @Test
  void largePoliciesAreHashedInParallelToTheSameFingerprints() {
    List<AccountPolicy> accounts = new java.util.ArrayList<>();
    for (int i = 0; i < 600; i++) {
      accounts.add(account("svc_" + i, UnmanagedTokens.REPORT, slot("svc_" + i, "a", five), slot("svc_" + i, "b", five)));
    }
    Policy big = new Policy(accounts);

    Map<SlotId, String> all = SlotJobs.fingerprints(big);

    assertThat(all).hasSize(1200);
    for (SlotPolicy s : big.slots()) {
      assertThat(all.get(s.id())).isEqualTo(SlotJobs.fingerprint(big, s.id())).hasSize(64);
    }
  }
}
