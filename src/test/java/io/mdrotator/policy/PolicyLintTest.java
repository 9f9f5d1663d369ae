package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLintTest {
  static final Path FILE = Path.of("p.yaml");
  final PolicyLoader loader = new PolicyLoader();

  List<String> warnings(String yaml) {
    LoadResult r = loader.load(FILE, yaml, LoadOptions.defaults());
    assertThat(r.errors()).isEmpty();
    assertThat(r.isValid()).isTrue();
    return r.warnings().stream().map(Problem::format).toList();
  }

  /** With --strict the same findings are errors, printed without "warning:", and no policy results. */
  void strictRejects(String yaml, int expected) {
    LoadResult r = loader.load(FILE, yaml, LoadOptions.defaults().withStrict(true));
    assertThat(r.isValid()).isFalse();
    assertThat(r.errors()).hasSize(expected).allSatisfy(p -> assertThat(p.format()).doesNotContain("warning:"));
  }

  static String slot(String extra) {
    return "version: 1\naccounts:\n  - username: etl\n    slots:\n      - name: rw\n        token_type: read_write\n" + extra;
  }

  @Test
  void gracePeriodLongerThanRenewBefore() {
    String y = slot("        ttl: 30d\n        renewBefore: 2d\n        gracePeriod: 3d\n");
    assertThat(warnings(y)).containsExactly(
        "p.yaml:9:22: warning: accounts[0].slots[0] (etl/rw): gracePeriod 3d > renewBefore 2d: the old token is"
            + " revoked after consumers may still need it (it expires first)");
    strictRejects(y, 1);
  }

  @Test
  void retryBudgetUnderOneHour() {
    String y = slot("        renewBefore: 30m\n        gracePeriod: 10m\n");
    assertThat(warnings(y)).containsExactly(
        "p.yaml:7:22: warning: accounts[0].slots[0] (etl/rw): renewBefore 30m (ttl 30d) leaves less than 1h of retries;"
            + " an hour-long outage would let the token expire");
    strictRejects(y, 1);
  }

  @Test
  void retryBudgetFromImplicitFractionPointsAtTtl() {
    String y = slot("        ttl: 2h\n        gracePeriod: 5m\n");
    assertThat(warnings(y)).singleElement().asString().startsWith("p.yaml:7:14: warning: accounts[0].slots[0] (etl/rw): renewBefore 40m");
  }

  @Test
  void twoSlotsWritingTheSameVaultPath() {
    String y = "version: 1\naccounts:\n  - username: etl\n    slots:\n"
        + "      - {name: a, token_type: read_write, vaultPath: shared/md}\n"
        + "      - {name: b, token_type: read_write, vaultPath: shared/md}\n";
    assertThat(warnings(y)).containsExactly(
        "p.yaml:6:54: warning: accounts[0].slots[1] (etl/b): writes the same Vault path 'shared/md' as etl/a; one overwrites the other");
    strictRejects(y, 1);
  }

  @Test
  void sameVaultPathFromInheritedTemplate() {
    String y = "version: 1\ndefaults:\n  vaultPath: md/{username}\naccounts:\n  - username: etl\n    slots:\n"
        + "      - {name: a, token_type: read_write}\n      - {name: b, token_type: read_write}\n";
    assertThat(warnings(y)).singleElement().asString()
        .startsWith("p.yaml:3:14: warning: accounts[0].slots[1] (etl/b): writes the same Vault path 'md/etl'");
  }

  @Test
  void pulseWithCooldown() {
    String y = "version: 1\naccounts:\n  - username: etl\n    ducklings:\n"
        + "      read_write:\n        instance_size: pulse\n        cooldown_seconds: 120\n"
        + "      read_scaling:\n        instance_size: pulse\n        flock_size: 2\n        cooldown_seconds: 60\n"
        + "    slots:\n      - {name: rw, token_type: read_write}\n";
    assertThat(warnings(y)).containsExactly(
        "p.yaml:7:27: warning: accounts[0].ducklings.read_write.cooldown_seconds: pulse Ducklings have a fixed cooldown; the value is ignored",
        "p.yaml:11:27: warning: accounts[0].ducklings.read_scaling.cooldown_seconds: pulse Ducklings have a fixed cooldown; the value is ignored");
    var d = loader.load(FILE, y, LoadOptions.defaults()).policy().orElseThrow().accounts().get(0).ducklings().orElseThrow();
    assertThat(d.readWrite().cooldownSeconds()).isEmpty();
    assertThat(d.readScaling().cooldownSeconds()).isEmpty();
    strictRejects(y, 2);
  }

  @Test
  void flockSizeOutOfRange() {
    String y = "version: 1\naccounts:\n  - username: etl\n    ducklings:\n"
        + "      read_write: {instance_size: standard}\n"
        + "      read_scaling: {instance_size: standard, flock_size: 65}\n"
        + "    slots:\n      - {name: rw, token_type: read_write}\n";
    assertThat(warnings(y)).containsExactly(
        "p.yaml:6:59: warning: accounts[0].ducklings.read_scaling.flock_size: flock_size 65 is outside 0..64; MotherDuck will reject it");
    strictRejects(y, 1);
    assertThat(warnings(y.replace("65", "64"))).isEmpty();
  }

  @Test
  void readScalingWithoutReadWrite() {
    String y = "version: 1\naccounts:\n  - username: etl\n    slots:\n      - name: rs\n        token_type: read_scaling\n";
    assertThat(warnings(y)).containsExactly(
        "p.yaml:6:21: warning: accounts[0].slots[0]: read_scaling slot 'rs' on account 'etl' which has no read_write slot;"
            + " read-scaling tokens need the account to have connected with a read_write token");
    strictRejects(y, 1);
  }

  @Test
  void cleanSlotHasNoWarnings() {
    assertThat(warnings(slot(""))).isEmpty();
  }
}
