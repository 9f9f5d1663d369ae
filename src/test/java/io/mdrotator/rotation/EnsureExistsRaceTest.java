package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Found by the soak: two slots of one {@code ensureExists} account ran at once, both
 * listed "not found", both created the account, and the loser's "already exists" (400, or 409 on
 * some deployments) failed its rotation. The account existing is the goal: the loser goes on.
 */
class EnsureExistsRaceTest {
  private final Harness h = new Harness();

  @ParameterizedTest
  @ValueSource(ints = {400, 409})
  void aRacingSlotThatCreatedTheAccountFirstIsNotAFailure(int duplicateStatus) {
    h.md.deleteServiceAccount(Harness.USER);
    h.md.duplicateUsernameStatus = duplicateStatus;
    h.md.beforeCreateAccount = () -> h.md.addUser(Harness.USER); // the other slot wins the race
    SlotPolicy rw = Harness.slot("rw", Duration.ofHours(1), new RenewBefore.Fraction(0.3), Duration.ofMinutes(5));
    AccountPolicy account = new AccountPolicy(Harness.USER, true, Optional.empty(), UnmanagedTokens.REPORT, List.of(rw));

    SlotOutcome o = h.engine().reconcile(rw, account);

    assertThat(o.failure()).isEmpty();
    assertThat(o.status()).isEqualTo(SlotOutcome.Status.ROTATED);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 409})
  void aRejectedCreationOfAnAccountThatStillDoesNotExistFails(int status) {
    h.md.deleteServiceAccount(Harness.USER);
    h.md.duplicateUsernameStatus = status;
    h.md.beforeCreateAccount = () -> {
      throw new io.mdrotator.port.MotherDuckApiException("createServiceAccount", Harness.USER, status,
          null, "invalid username", List.of(), null);
    };
    SlotPolicy rw = Harness.slot("rw", Duration.ofHours(1), new RenewBefore.Fraction(0.3), Duration.ofMinutes(5));
    AccountPolicy account = new AccountPolicy(Harness.USER, true, Optional.empty(), UnmanagedTokens.REPORT, List.of(rw));

    SlotOutcome o = h.engine().reconcile(rw, account);

    assertThat(o.failed()).isTrue();
    assertThat(o.failure().orElseThrow()).hasMessageContaining("invalid username");
    assertThat(h.md.created).isZero();
  }
}
