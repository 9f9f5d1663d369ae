package io.mdrotator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.vault.AclPolicy;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What retirement needs from {@code config/vault/md-rotator.hcl}, run on the emulator's ACLs with
 * only the retirement steps of the {@link RotationCycle} (each slot's first token, then a retirement
 * with soft delete and one at once with destroy): under the shipped policy nothing is refused;
 * without each of the three delete grants it uses, the named retirement step fails on the named
 * Vault operation; the one delete grant it does not use (soft delete of a state document, which
 * {@code delete-account} needs) can go. {@link NothingExtraTest} names the first step of the whole
 * cycle needing each grant; there {@code delete-account} comes first.
 */
class RetirementPrivilegeTest {

  record Row(String rulePath, String step, String operation, String path) {
    @Override
    public String toString() {
      return "without delete on " + rulePath + " -> " + step + " fails at " + operation;
    }
  }

  static Stream<Row> needed() {
    return Stream.of(
        new Row("secret/data/motherduck/*", RotationCycle.RETIREMENT, "soft-delete",
            "secret/data/motherduck/etl_retired/app"),
        new Row("secret/metadata/md-rotator/state/*", RotationCycle.RETIREMENT, "destroy-all",
            "secret/metadata/md-rotator/state/etl_retired/app"),
        new Row("secret/metadata/motherduck/*", RotationCycle.RETIREMENT_DESTROY, "destroy-all",
            "secret/metadata/motherduck/etl_gone/rw"));
  }

  @Test
  void retirementRunsUnderTheShippedPolicyWithNothingRefused() {
    try (LeastPrivilegeWorld w = new LeastPrivilegeWorld(ShippedPolicies.daemon())) {
      RotationCycle.Report r = RotationCycle.runRetirements(w);

      assertThat(r.failure()).isEmpty();
      assertThat(r.passed()).containsExactly(RotationCycle.RETIREMENT, RotationCycle.RETIREMENT_DESTROY);
      assertThat(r.denials()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("needed")
  void withoutADeleteGrantItUsesARetirementStepFails(Row row) {
    AclPolicy reduced = ShippedPolicies.daemon().without(row.rulePath(), "delete");
    try (LeastPrivilegeWorld w = new LeastPrivilegeWorld(reduced)) {
      RotationCycle.Report r = RotationCycle.runRetirements(w);

      assertThat(r.failure()).hasValueSatisfying(f -> {
        assertThat(f.step()).isEqualTo(row.step());
        assertThat(f.operation()).contains(row.operation());
        assertThat(f.path()).isEqualTo(Optional.of(row.path()));
      });
      assertThat(r.denials()).isNotEmpty()
          .allSatisfy(d -> assertThat(d.capability()).isEqualTo("delete"));
    }
  }

  @Test
  void theStateDocumentsSoftDeleteIsNotRetirements() {
    AclPolicy reduced = ShippedPolicies.daemon().without("secret/data/md-rotator/state/*", "delete");
    try (LeastPrivilegeWorld w = new LeastPrivilegeWorld(reduced)) {
      RotationCycle.Report r = RotationCycle.runRetirements(w);

      assertThat(r.failure()).isEmpty();
      assertThat(r.denials()).isEmpty();
    }
  }
}
