package io.mdrotator.security;

import static io.mdrotator.security.RotationCycle.ACCOUNT_DELETION;
import static io.mdrotator.security.RotationCycle.ACCOUNT_DESTRUCTION;
import static io.mdrotator.security.RotationCycle.FIRST_TOKEN_NEW_KEY;
import static io.mdrotator.security.RotationCycle.FIRST_TOKEN_PREPARED_KEY;
import static io.mdrotator.security.RotationCycle.RENEWAL;
import static io.mdrotator.security.RotationCycle.STATIC_TOKEN_START;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.vault.AclDenial;
import io.mdrotator.emulator.vault.AclPolicy;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing extra in {@code config/vault/md-rotator.hcl}: for each single capability it grants, the
 * daemon's {@link RotationCycle} under the policy minus that capability fails at a named step, on a
 * named Vault operation and path, and every request Vault refused was for exactly that grant. A
 * grant added to the file without a row here, or a row whose grant left the file, fails
 * {@link #everyGrantOfTheShippedPolicyHasARow}. The shipped consumer example is read-only on one
 * slot ({@link #consumerExampleIsReadOnlyOnOneSlot}).
 */
class NothingExtraTest {

  /**
   * One grant and what needs it first: the cycle step that fails without it, and the store
   * operation refused ({@code VaultStoreException.operation()/path()}; {@code path} empty for the
   * token self-service calls, which name none).
   */
  record Row(String rulePath, String capability, String step, String operation, Optional<String> path) {
    @Override
    public String toString() {
      return "without " + capability + " on " + rulePath + " -> " + step + " fails at " + operation;
    }
  }

  static Stream<Row> rows() {
    String token = "secret/motherduck/etl_sa/app";
    String tokenMeta = "secret/metadata/motherduck/etl_sa/app";
    String state = "secret/md-rotator/state/etl_sa/app";
    String stateMeta = "secret/metadata/md-rotator/state/etl_sa/app";
    return Stream.of(
        new Row("secret/data/motherduck/*", "read", FIRST_TOKEN_PREPARED_KEY, "read", Optional.of(token)),
        new Row("secret/data/motherduck/*", "update", FIRST_TOKEN_PREPARED_KEY, "write-cas", Optional.of(token)),
        new Row("secret/data/motherduck/*", "delete", ACCOUNT_DELETION, "soft-delete",
            Optional.of("secret/data/motherduck/etl_new/rw")),
        new Row("secret/metadata/motherduck/*", "delete", ACCOUNT_DESTRUCTION, "destroy-all",
            Optional.of("secret/metadata/motherduck/etl_old/rw")),
        new Row("secret/data/md-rotator/state/*", "delete", ACCOUNT_DELETION, "soft-delete",
            Optional.of("secret/data/md-rotator/state/etl_new/rw")),
        new Row("secret/metadata/md-rotator/state/*", "delete", ACCOUNT_DESTRUCTION, "destroy-all",
            Optional.of("secret/metadata/md-rotator/state/etl_old/rw")),
        new Row("secret/metadata/motherduck/*", "read", FIRST_TOKEN_PREPARED_KEY, "read-metadata", Optional.of(tokenMeta)),
        new Row("secret/metadata/motherduck/*", "update", FIRST_TOKEN_PREPARED_KEY, "write-metadata", Optional.of(tokenMeta)),
        new Row("secret/metadata/motherduck/*", "create", FIRST_TOKEN_NEW_KEY, "write-metadata",
            Optional.of("secret/metadata/motherduck/etl_new/rw")),
        new Row("secret/data/md-rotator/state/*", "read", FIRST_TOKEN_PREPARED_KEY, "read", Optional.of(state)),
        new Row("secret/data/md-rotator/state/*", "create", FIRST_TOKEN_PREPARED_KEY, "write-cas", Optional.of(state)),
        new Row("secret/data/md-rotator/state/*", "update", FIRST_TOKEN_PREPARED_KEY, "write-cas", Optional.of(state)),
        new Row("secret/metadata/md-rotator/state/*", "read", FIRST_TOKEN_PREPARED_KEY, "read-metadata", Optional.of(stateMeta)),
        new Row("auth/token/renew-self", "update", RENEWAL, "renew-self", Optional.empty()),
        new Row("auth/token/lookup-self", "read", STATIC_TOKEN_START, "lookup-self", Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void withoutTheGrantANamedOperationFails(Row row) {
    AclPolicy reduced = ShippedPolicies.daemon().without(row.rulePath(), row.capability());
    try (LeastPrivilegeWorld w = new LeastPrivilegeWorld(reduced)) {
      RotationCycle.Report report = RotationCycle.run(w);

      assertThat(report.failure()).as("the cycle must fail without the grant").hasValueSatisfying(f -> {
        assertThat(f.step()).isEqualTo(row.step());
        assertThat(f.operation()).contains(row.operation());
        assertThat(f.path()).isEqualTo(row.path());
      });
      assertThat(report.denials()).isNotEmpty().allSatisfy(d -> {
        assertThat(d.capability()).isEqualTo(row.capability());
        assertThat(matches(row.rulePath(), d.path())).as("%s under %s", d.path(), row.rulePath()).isTrue();
      });
    }
  }

  @Test
  void everyGrantOfTheShippedPolicyHasARow() {
    List<String> granted = ShippedPolicies.daemon().rules().stream()
        .flatMap(r -> r.capabilities().stream().map(c -> r.path() + " " + c)).sorted().toList();
    List<String> rows = rows().map(r -> r.rulePath() + " " + r.capability()).sorted().toList();

    assertThat(rows).as("rows").doesNotHaveDuplicates();
    assertThat(granted).as("grants of " + ShippedPolicies.DAEMON).isEqualTo(rows);
    assertThat(ShippedPolicies.daemon().rules()).extracting(AclPolicy.Rule::path)
        .as("one block per path in " + ShippedPolicies.DAEMON).doesNotHaveDuplicates();
  }

  /** The consumer example grants {@code read} and nothing else, on exact slot paths outside rotator state. */
  @Test
  void consumerExampleIsReadOnlyOnOneSlot() {
    List<AclPolicy.Rule> rules = ShippedPolicies.consumer().rules();

    assertThat(rules).isNotEmpty();
    assertThat(rules).extracting(AclPolicy.Rule::path).doesNotHaveDuplicates()
        .allSatisfy(p -> assertThat(p).doesNotContain("*", "md-rotator"));
    assertThat(rules).allSatisfy(r -> assertThat(r.capabilities()).containsExactly("read"));
  }

  /** For the shipped policy's paths, which are exact or end in {@code *}. */
  private static boolean matches(String rulePath, String path) {
    if (rulePath.contains("+")) {
      throw new IllegalStateException("a + path needs the emulator's matcher here: " + rulePath);
    }
    return rulePath.endsWith("*") ? path.startsWith(rulePath.substring(0, rulePath.length() - 1)) : path.equals(rulePath);
  }
}
