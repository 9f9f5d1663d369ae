package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.DucklingConfig.InstanceSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {
  static final Path FILE = Path.of("p.yaml");
  final PolicyLoader loader = new PolicyLoader();

  LoadResult load(String yaml) {
    return loader.load(FILE, yaml, LoadOptions.defaults());
  }

  static String account(String extra) {
    return "version: 1\naccounts:\n  - username: etl\n" + extra;
  }

  static final String RW_SLOT = "    slots:\n      - name: rw\n        token_type: read_write\n";

  /** The only problem, formatted. */
  static String only(LoadResult r) {
    assertThat(r.problems()).hasSize(1);
    return r.problems().get(0).format();
  }

  @Test
  void exampleFileLoadsWithInheritanceApplied() {
    LoadResult r = loader.load(Path.of("config/policy.example.yaml"), LoadOptions.defaults());
    assertThat(r.problems()).isEmpty();
    Policy p = r.policy().orElseThrow();
    assertThat(p.accounts()).extracting(AccountPolicy::username)
        .containsExactly("etl_loader", "bi_dashboards", "public_api");
    SlotPolicy etl = p.slot(new SlotId("etl_loader", "rw")).orElseThrow();
    assertThat(etl.ttl()).isEqualTo(Duration.ofDays(30));
    assertThat(etl.renewBefore()).isEqualTo(new RenewBefore.Fraction(0.33));
    assertThat(etl.gracePeriod()).isEqualTo(Duration.ofDays(2));
    assertThat(etl.vaultPath()).isEqualTo("motherduck/etl_loader/rw");
    assertThat(etl.tokenType()).isEqualTo(TokenType.READ_WRITE);
    SlotPolicy rs = p.slot(new SlotId("bi_dashboards", "rs")).orElseThrow();
    assertThat(rs.ttl()).isEqualTo(Duration.ofDays(7));
    assertThat(rs.renewBefore()).isEqualTo(new RenewBefore.Fixed(Duration.ofDays(2)));
    assertThat(rs.gracePeriod()).isEqualTo(Duration.ofHours(12));
    AccountPolicy bi = p.account("bi_dashboards").orElseThrow();
    assertThat(bi.ensureExists()).isTrue();
    assertThat(bi.ducklings().orElseThrow().readScaling().flockSize()).isEqualTo(8);
    assertThat(bi.ducklings().orElseThrow().readWrite().cooldownSeconds()).contains(600);
    AccountPolicy api = p.account("public_api").orElseThrow();
    assertThat(api.unmanagedTokens()).isEqualTo(UnmanagedTokens.REVOKE);
    assertThat(api.ensureExists()).isFalse();
    assertThat(api.slots().get(0).ttl()).isEqualTo(Duration.ofDays(14));
    assertThat(api.slots().get(0).vaultPath()).isEqualTo("apps/public-api/motherduck");
  }

  @Test
  void builtInDefaultsApplyWhenNothingIsWritten() {
    LoadResult r = load(account(RW_SLOT));
    SlotPolicy s = r.policy().orElseThrow().slots().get(0);
    assertThat(s.ttl()).isEqualTo(Duration.ofDays(30));
    assertThat(s.renewBefore()).isEqualTo(RenewBefore.DEFAULT);
    assertThat(s.gracePeriod()).isEqualTo(Duration.ofHours(1));
    assertThat(s.vaultPath()).isEqualTo("motherduck/etl/rw");
    AccountPolicy a = r.policy().orElseThrow().accounts().get(0);
    assertThat(a.unmanagedTokens()).isEqualTo(UnmanagedTokens.REPORT);
    assertThat(a.ensureExists()).isFalse();
    assertThat(a.ducklings()).isEqualTo(Optional.empty());
  }

  @Test
  void slotOverridesAccountOverridesDefaults() {
    LoadResult r = load("version: 1\ndefaults:\n  ttl: 10d\n  gracePeriod: 2h\n"
        + "accounts:\n  - username: etl\n    ttl: 20d\n    slots:\n"
        + "      - {name: a, token_type: read_write}\n"
        + "      - {name: b, token_type: read_write, ttl: 3d, gracePeriod: 1h30m}\n");
    List<SlotPolicy> s = r.policy().orElseThrow().slots();
    assertThat(s.get(0).ttl()).isEqualTo(Duration.ofDays(20));
    assertThat(s.get(0).gracePeriod()).isEqualTo(Duration.ofHours(2));
    assertThat(s.get(1).ttl()).isEqualTo(Duration.ofDays(3));
    assertThat(s.get(1).gracePeriod()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void unknownKeyIsReportedAtTheKey() {
    assertThat(only(load(account("    tagets: 1\n" + RW_SLOT))))
        .isEqualTo("p.yaml:4:5: unknown key 'tagets' in accounts[0]");
  }

  @Test
  void unknownTopLevelKeyIsReportedAtTheKey() {
    assertThat(only(load("version: 1\nacounts: []\naccounts: []\n")))
        .isEqualTo("p.yaml:2:1: unknown key 'acounts' in (root) (did you mean 'accounts'?)");
  }

  @Test
  void duplicateKeyIsAnError() {
    assertThat(only(load("version: 1\nversion: 1\naccounts: []\n")))
        .startsWith("p.yaml:2:8: ").contains("Duplicate").contains("version");
  }

  @Test
  void missingRequiredKeyNamesIt() {
    assertThat(only(load(account("    slots:\n      - name: rw\n"))))
        .isEqualTo("p.yaml:5:9: accounts[0].slots[0]: missing required key 'token_type'");
  }

  @Test
  void missingVersionIsAnError() {
    assertThat(only(load("accounts: []\n"))).isEqualTo("p.yaml:1:1: (root): missing required key 'version'");
  }

  @Test
  void nullRequiredValueIsAnError() {
    assertThat(only(load(account("    slots:\n      - name: rw\n        token_type:\n"))))
        .startsWith("p.yaml:6:20: accounts[0].slots[0].token_type");
  }

  @Test
  void wrongVersion() {
    assertThat(only(load("version: 2\naccounts: []\n"))).startsWith("p.yaml:1:10: version");
  }

  @Test
  void badDurationSyntax() {
    assertThat(only(load(account(RW_SLOT + "        ttl: 30 days\n")))).isEqualTo(
        "p.yaml:7:14: accounts[0].slots[0].ttl: must be a duration such as 30d, 12h, 90m, 45s or 1h30m");
  }

  @Test
  void numberWhereDurationExpected() {
    assertThat(only(load(account(RW_SLOT + "        ttl: 3600\n"))))
        .startsWith("p.yaml:7:14: accounts[0].slots[0].ttl: ").contains("string");
  }

  @Test
  void ttlBelowMotherDuckMinimum() {
    assertThat(only(load(account(RW_SLOT + "        ttl: 299s\n"))))
        .isEqualTo("p.yaml:7:14: accounts[0].slots[0].ttl: ttl 299s is shorter than the minimum 5m"
            + " (MotherDuck rejects ttl < 300s)");
  }

  @Test
  void ttlAboveOneYear() {
    assertThat(only(load(account(RW_SLOT + "        ttl: 366d\n"))))
        .isEqualTo("p.yaml:7:14: accounts[0].slots[0].ttl: ttl 366d is longer than 365d");
  }

  @Test
  void shortTtlAllowedWhenMinimumLowered() {
    String y = account(RW_SLOT + "        ttl: 20s\n        renewBefore: 50%\n        gracePeriod: 5s\n");
    assertThat(load(y).isValid()).isFalse();
    LoadResult r = loader.load(FILE, y, LoadOptions.allowingShortTtl(true));
    assertThat(r.isValid()).isTrue();
    assertThat(r.policy().orElseThrow().slots().get(0).ttl()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void inheritedBadTtlIsReportedOnceWhereWritten() {
    LoadResult r = load("version: 1\ndefaults:\n  ttl: 1m\naccounts:\n  - username: etl\n"
        + "    slots:\n      - {name: a, token_type: read_write}\n      - {name: b, token_type: read_write}\n");
    assertThat(only(r)).isEqualTo(
        "p.yaml:3:8: defaults.ttl: ttl 1m is shorter than the minimum 5m (MotherDuck rejects ttl < 300s)");
  }

  @Test
  void renewBeforePercentageOutOfRange() {
    assertThat(only(load(account(RW_SLOT + "        renewBefore: 0%\n"))))
        .isEqualTo("p.yaml:7:22: accounts[0].slots[0].renewBefore: percentage 0% must be above 0% and below 100%");
    assertThat(load(account(RW_SLOT + "        renewBefore: 100%\n")).errors()).hasSize(1)
        .allSatisfy(p -> assertThat(p.format()).startsWith("p.yaml:7:22: "));
  }

  @Test
  void renewBeforeZeroDuration() {
    assertThat(only(load(account(RW_SLOT + "        renewBefore: 0s\n"))))
        .isEqualTo("p.yaml:7:22: accounts[0].slots[0].renewBefore: renewBefore must be longer than 0s");
  }

  @Test
  void renewBeforePercentageIsAFraction() {
    SlotPolicy s = load(account(RW_SLOT + "        renewBefore: 12.5%\n")).policy().orElseThrow().slots().get(0);
    assertThat(s.renewBefore()).isEqualTo(new RenewBefore.Fraction(0.125));
  }

  @Test
  void usernameMustFollowMotherDuckRules() {
    assertThat(only(load("version: 1\naccounts:\n  - username: 9lives\n" + RW_SLOT))).isEqualTo(
        "p.yaml:3:15: accounts[0].username: must be a MotherDuck username: 3 to 255 characters, a letter first, then letters, digits or _");
    assertThat(only(load("version: 1\naccounts:\n  - username: my-sa\n" + RW_SLOT)))
        .startsWith("p.yaml:3:15: accounts[0].username: ");
    assertThat(only(load("version: 1\naccounts:\n  - username: " + "a".repeat(256) + "\n" + RW_SLOT))).isEqualTo(
        "p.yaml:3:15: accounts[0].username: must be a MotherDuck username: 3 to 255 characters, a letter first, then letters, digits or _");
    assertThat(only(load("version: 1\naccounts:\n  - username: ab\n" + RW_SLOT))).isEqualTo(
        "p.yaml:3:15: accounts[0].username: must be a MotherDuck username: 3 to 255 characters, a letter first, then letters, digits or _");
    assertThat(load("version: 1\naccounts:\n  - username: abc\n" + RW_SLOT).isValid()).isTrue();
    assertThat(load("version: 1\naccounts:\n  - username: équipe_2\n" + RW_SLOT).isValid()).isTrue();
  }

  @Test
  void sameUsernameTwiceCaseInsensitiveIsAnError() {
    LoadResult r = load("version: 1\naccounts:\n  - username: etl\n" + RW_SLOT
        + "  - username: ETL\n    slots:\n      - name: other\n        token_type: read_write\n");
    assertThat(r.errors()).extracting(Problem::format).containsExactly(
        "p.yaml:7:15: accounts[1].username: 'ETL' is listed twice (usernames are case-insensitive; first at line 3)");
    assertThat(r.isValid()).isFalse();
  }

  @Test
  void slotNameUniqueWithinAccount() {
    assertThat(load(account(RW_SLOT + "      - name: rw\n        token_type: read_scaling\n")).errors())
        .extracting(Problem::format)
        .containsExactly("p.yaml:7:15: accounts[0].slots[1].name: slot 'rw' is defined twice in account 'etl'");
  }

  @Test
  void tokenTypeMustBeKnown() {
    assertThat(only(load(account("    slots:\n      - name: rw\n        token_type: admin\n"))))
        .startsWith("p.yaml:6:21: accounts[0].slots[0].token_type: ");
  }

  @Test
  void unmanagedTokensMustBeReportOrRevoke() {
    assertThat(only(load(account("    unmanagedTokens: delete\n" + RW_SLOT))))
        .startsWith("p.yaml:4:22: accounts[0].unmanagedTokens: ");
  }

  @Test
  void ensureExistsMustBeABoolean() {
    assertThat(only(load(account("    ensureExists: yes\n" + RW_SLOT))))
        .startsWith("p.yaml:4:19: accounts[0].ensureExists: ");
  }

  @Test
  void vaultPathPlaceholdersAreChecked() {
    assertThat(only(load(account(RW_SLOT + "        vaultPath: md/{user}/{slot}\n"))))
        .isEqualTo("p.yaml:7:20: accounts[0].slots[0].vaultPath: unknown placeholder {user} in vaultPath"
            + " 'md/{user}/{slot}' (only {username} and {slot})");
    assertThat(only(load(account(RW_SLOT + "        vaultPath: /abs/{slot}\n"))))
        .startsWith("p.yaml:7:20: accounts[0].slots[0].vaultPath: ");
    assertThat(only(load(account(RW_SLOT + "        vaultPath: a/../b\n"))))
        .startsWith("p.yaml:7:20: accounts[0].slots[0].vaultPath: ");
  }

  @Test
  void slotsMustNotBeEmpty() {
    assertThat(only(load(account("    slots: []\n")))).startsWith("p.yaml:4:12: accounts[0].slots: ");
  }

  @Test
  void ducklingsBindToDucklingConfig() {
    LoadResult r = load(account("    ducklings:\n      read_write: {instance_size: jumbo}\n"
        + "      read_scaling: {instance_size: standard, flock_size: 4, cooldown_seconds: 120}\n" + RW_SLOT));
    var d = r.policy().orElseThrow().accounts().get(0).ducklings().orElseThrow();
    assertThat(d.readWrite().instanceSize()).isEqualTo(InstanceSize.JUMBO);
    assertThat(d.readWrite().cooldownSeconds()).isEmpty();
    assertThat(d.readScaling().flockSize()).isEqualTo(4);
    assertThat(d.readScaling().cooldownSeconds()).contains(120);
  }

  @Test
  void ducklingCooldownOutOfRangeAndUnknownSize() {
    assertThat(only(load(account("    ducklings:\n      read_write: {instance_size: standard, cooldown_seconds: 30}\n"
        + "      read_scaling: {instance_size: standard, flock_size: 4}\n" + RW_SLOT))))
        .startsWith("p.yaml:5:63: accounts[0].ducklings.read_write.cooldown_seconds: ");
    assertThat(only(load(account("    ducklings:\n      read_write: {instance_size: huge}\n"
        + "      read_scaling: {instance_size: standard, flock_size: 4}\n" + RW_SLOT))))
        .startsWith("p.yaml:5:35: accounts[0].ducklings.read_write.instance_size: ");
    assertThat(only(load(account("    ducklings:\n      read_write: {instance_size: standard}\n"
        + "      read_scaling: {instance_size: standard, flock_size: -1}\n" + RW_SLOT))))
        .startsWith("p.yaml:6:59: accounts[0].ducklings.read_scaling.flock_size: ");
  }

  @Test
  void ducklingsNeedBothHalves() {
    assertThat(only(load(account("    ducklings:\n      read_write: {instance_size: standard}\n" + RW_SLOT))))
        .isEqualTo("p.yaml:5:7: accounts[0].ducklings: missing required key 'read_scaling'");
  }

  @Test
  void everySchemaErrorIsReportedNotJustTheFirst() {
    LoadResult r = load("version: 1\naccounts:\n  - username: etl\n    bogus: 1\n    slots:\n"
        + "      - name: rw\n        token_type: nope\n        ttl: forever\n");
    assertThat(r.errors()).extracting(p -> p.line() + ":" + p.column())
        .containsExactly("4:5", "7:21", "8:14");
  }

  @Test
  void emptyFileAndNonMappingAreRejected() {
    assertThat(only(load(""))).isEqualTo("p.yaml:1:1: file is empty (expected a YAML mapping)");
    assertThat(only(load("- 1\n"))).startsWith("p.yaml:1:1: (root): ");
  }

  @Test
  void invalidUtf8IsRejected() {
    LoadResult r = loader.load(FILE, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}, LoadOptions.defaults());
    assertThat(only(r)).isEqualTo("p.yaml:1:1: policy file is not valid UTF-8");
  }

  @Test
  void missingFileIsAProblemNotAnException() {
    LoadResult r = loader.load(Path.of("does/not/exist.yaml"), LoadOptions.defaults());
    assertThat(r.isValid()).isFalse();
    assertThat(r.errors().get(0).format()).startsWith("does/not/exist.yaml:1:1: cannot read policy file");
  }

  @Test
  void slotNameFormat() {
    assertThat(only(load(account("    slots:\n      - name: -rw\n        token_type: read_write\n")))).isEqualTo(
        "p.yaml:5:15: accounts[0].slots[0].name: must be a slot name: a letter or digit, then letters, digits, _, . or -");
  }

  @Test
  void renewBeforeFormat() {
    assertThat(only(load(account(RW_SLOT + "        renewBefore: a third\n")))).isEqualTo(
        "p.yaml:7:22: accounts[0].slots[0].renewBefore: must be a duration such as 30d, 12h, 90m, 45s or 1h30m,"
            + " or a percentage such as 33%");
  }

  @Test
  void vaultPathUnbalancedBrace() {
    assertThat(only(load(account(RW_SLOT + "        vaultPath: md/{username\n")))).isEqualTo(
        "p.yaml:7:20: accounts[0].slots[0].vaultPath: unbalanced brace in vaultPath 'md/{username'");
  }

  @Test
  void accountLevelValuesAreReportedAtTheAccount() {
    assertThat(only(load(account("    gracePeriod: 1x\n" + RW_SLOT)))).isEqualTo(
        "p.yaml:4:18: accounts[0].gracePeriod: must be a duration such as 30d, 12h, 90m, 45s or 1h30m");
  }

  @Test
  void loadOrThrowListsEveryError() throws Exception {
    assertThat(loader.loadOrThrow(Path.of("config/policy.example.yaml"), LoadOptions.defaults()).accounts()).hasSize(3);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader.loadOrThrow(Path.of("missing.yaml"), LoadOptions.defaults()))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> assertThat(p.format()).startsWith("missing.yaml:1:1: cannot read policy file")));
  }
}
