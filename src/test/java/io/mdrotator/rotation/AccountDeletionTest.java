package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.MutableClock;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.testing.Slots;
import io.mdrotator.policy.Retirement;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.policy.VaultPaths;
import io.mdrotator.port.KvData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy guard of {@code delete-account} and which Vault keys a deletion touches. */
class AccountDeletionTest {
  private final MutableClock clock = MutableClock.atNow();
  private final FakeMotherDuck md = new FakeMotherDuck(clock);
  private final FakeKv kv = new FakeKv(clock);
  private final AccountDeletion deletion = new AccountDeletion(md, kv, EngineOptions.DEFAULTS, RotationListener.NOOP);

  @Test
  void anAccountThePolicyListsIsRefusedAndOneItDoesNotIsAllowed() {
    Policy policy = new Policy(List.of(new AccountPolicy("etl", false, Optional.empty(), UnmanagedTokens.REPORT, List.of())));

    assertThat(AccountDeletion.refusal(policy, "etl")).hasValueSatisfying(r -> assertThat(r).contains("'etl' is in the policy"));
    assertThat(AccountDeletion.refusal(policy, "gone")).isEmpty();
    assertThat(AccountDeletion.managedByPolicy(policy.account("etl").orElseThrow())).isTrue();
  }

  /** Retiring every slot releases the guard; one slot still in service keeps it. */
  @Test
  void anAccountWhoseEverySlotIsRetiredMayBeDeleted() {
    SlotPolicy a = Slots.readWrite("etl", "a", Duration.ofDays(30), Duration.ofDays(7), Duration.ofHours(1));
    SlotPolicy b = Slots.readWrite("etl", "b", Duration.ofDays(30), Duration.ofDays(7), Duration.ofHours(1));
    Retirement r = new Retirement(Retirement.DEFAULT_GRACE, false);

    Policy partly = new Policy(List.of(Slots.account("etl", a.retiredAs(r), b)));
    Policy wholly = new Policy(List.of(Slots.account("etl", a.retiredAs(r), b.retiredAs(r))));

    assertThat(AccountDeletion.refusal(partly, "etl")).hasValueSatisfying(m -> assertThat(m).contains("not retired"));
    assertThat(AccountDeletion.refusal(wholly, "etl")).isEmpty();
  }

  @Test
  void slotsComeFromManagedTokenNamesAndNamedSlotsAndOnlyMdRotatorsSecretsAreDeleted() {
    md.addUser("etl");
    md.addToken("etl", TokenNames.format("rw", "r1"), Duration.ofHours(1));
    md.addToken("etl", "made by hand", Duration.ofHours(1));
    kv.writeCustomMetadata("motherduck/etl/rw", SecretContract.customMetadata(
        io.mdrotator.testing.Slots.readWrite("etl", "rw", Duration.ofHours(1), Duration.ofMinutes(20), Duration.ofMinutes(5))));
    kv.writeCas("motherduck/etl/rw", KvData.of(Map.of("token_id", "x")), 0);
    kv.writeCas("md-rotator/state/etl/rw", KvData.of(Map.of("schema", "1")), 0);
    kv.writeCas("motherduck/etl/shared", KvData.of(Map.of("token", "someone else's")), 0);

    AccountDeletion.Plan plan = deletion.plan("etl", List.of("shared"), VaultPaths.DEFAULT_TEMPLATE);

    assertThat(plan.accountExists()).isTrue();
    assertThat(plan.liveTokenIds()).hasSize(2);
    assertThat(plan.slots()).containsExactly("rw", "shared");
    assertThat(plan.keys()).extracting(AccountDeletion.Key::path, AccountDeletion.Key::delete).containsExactly(
        org.assertj.core.groups.Tuple.tuple("motherduck/etl/rw", true),
        org.assertj.core.groups.Tuple.tuple("md-rotator/state/etl/rw", true),
        org.assertj.core.groups.Tuple.tuple("motherduck/etl/shared", false),
        org.assertj.core.groups.Tuple.tuple("md-rotator/state/etl/shared", false));

    deletion.execute(plan, false);

    assertThatThrownBy(() -> md.listTokens("etl")).isInstanceOf(MotherDuckNotFoundException.class);
    assertThat(kv.readLatest("motherduck/etl/rw")).isEmpty();
    assertThat(kv.readLatest("md-rotator/state/etl/rw")).isEmpty();
    assertThat(kv.readLatest("motherduck/etl/shared")).as("not md-rotator's: left alone").isPresent();
  }
}
