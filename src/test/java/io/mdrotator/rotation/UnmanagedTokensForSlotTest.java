package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.UnmanagedTokens;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Unmanaged tokens are an account matter: only the account's first slot acts on them, the others report. */
class UnmanagedTokensForSlotTest {
  private final SlotPolicy first = slot("first");
  private final SlotPolicy second = slot("second");

  @Test
  void onlyTheFirstSlotAppliesTheAccountsPolicy() {
    AccountPolicy account = new AccountPolicy("svc", false, Optional.empty(), UnmanagedTokens.REVOKE,
        List.of(first, second));

    assertThat(account.unmanagedTokensFor(first)).isEqualTo(UnmanagedTokens.REVOKE);
    assertThat(account.unmanagedTokensFor(second)).isEqualTo(UnmanagedTokens.REPORT);
  }

  @Test
  void aSlotNotInTheAccountOnlyReports() {
    AccountPolicy none = new AccountPolicy("svc", false, Optional.empty(), UnmanagedTokens.REVOKE, List.of());

    assertThat(none.unmanagedTokensFor(first)).isEqualTo(UnmanagedTokens.REPORT);
  }

  private static SlotPolicy slot(String name) {
    return new SlotPolicy(new SlotId("svc", name), TokenType.READ_WRITE, Duration.ofHours(1),
        new RenewBefore.Fixed(Duration.ofMinutes(20)), Duration.ofMinutes(5), "motherduck/svc/" + name);
  }
}
