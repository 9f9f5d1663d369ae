package io.mdrotator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mdrotator.emulator.motherduck.SecretStatus;
import io.mdrotator.emulator.vault.AclDenial;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.secret.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven by running under it: the daemon's real engine and Vault store
 * go through their whole {@link RotationCycle} with a token that has exactly {@code
 * config/vault/md-rotator.hcl}, and an application with exactly {@code
 * config/vault/consumer-example.hcl} reads its token and nothing else. {@link NothingExtraTest}
 * shows the other direction: every grant of the daemon's policy is needed.
 */
class LeastPrivilegeTest {

  @Test
  void theDaemonRunsItsWholeCycleWithExactlyTheShippedPolicy() {
    try (LeastPrivilegeWorld w = new LeastPrivilegeWorld(ShippedPolicies.daemon())) {
      RotationCycle.Report report = RotationCycle.run(w);

      assertThat(report.failure()).isEmpty();
      assertThat(report.passed()).containsExactly(
          RotationCycle.FIRST_TOKEN_PREPARED_KEY, RotationCycle.FIRST_TOKEN_NEW_KEY, RotationCycle.RENEWAL,
          RotationCycle.SCHEDULED_ROTATION, RotationCycle.REVOCATION_AFTER_GRACE, RotationCycle.COMPROMISE_ROTATION,
          RotationCycle.ORPHAN_SWEEP, RotationCycle.RELOGIN, RotationCycle.STATIC_TOKEN_START,
          RotationCycle.ACCOUNT_DELETION, RotationCycle.ACCOUNT_DESTRUCTION,
          RotationCycle.RETIREMENT, RotationCycle.RETIREMENT_DESTROY);
      assertThat(report.denials()).as("not one request refused").isEmpty();
      assertThat(w.loginTokens()).as("the first login and the re-login").hasSize(2)
          .allSatisfy(t -> assertThat(t.policies()).containsExactly(LeastPrivilegeWorld.DAEMON_POLICY));
    }
  }

  @Test
  void aConsumerWithTheExamplePolicyReadsItsTokenAndNothingElse() {
    try (LeastPrivilegeWorld w = new LeastPrivilegeWorld(ShippedPolicies.daemon())) {
      assertThat(RotationCycle.run(w).failure()).isEmpty();
      w.vault.addPolicy(ShippedPolicies.consumer());
      Secret app = w.tokenWithExactly(List.of("etl-app"));
      String slot = w.prepared.policy().vaultPath();
      String state = EngineOptions.DEFAULTS.statePath("etl_sa", "app");

      VaultHttp.Reply current = w.http.call("GET", "secret/data/" + slot, null, app);
      assertThat(current.status()).isEqualTo(200);
      String token = current.body().at("/data/data/token").asString();
      assertThat(w.md.secretStatus(token)).isEqualTo(SecretStatus.LIVE);
      long version = current.body().at("/data/metadata/version").asLong();
      VaultHttp.Reply previous = w.http.call("GET", "secret/data/" + slot + "?version=" + (version - 1), null, app);
      assertThat(previous.status()).isEqualTo(200);
      assertThat(previous.body().at("/data/data/token").asString()).isNotBlank().isNotEqualTo(token);

      int before = w.vault.aclDenials().size();
      assertThat(w.http.call("GET", "secret/metadata/" + slot, null, app).status()).isEqualTo(403);
      assertThat(w.http.call("POST", "secret/data/" + slot, "{\"data\":{\"token\":\"x\"},\"options\":{\"cas\":" + version + "}}", app).status()).isEqualTo(403);
      assertThat(w.http.call("DELETE", "secret/data/" + slot, null, app).status()).isEqualTo(403);
      assertThat(w.http.call("POST", "secret/metadata/" + slot, "{\"max_versions\":1}", app).status()).isEqualTo(403);
      assertThat(w.http.call("GET", "secret/data/" + state, null, app).status()).isEqualTo(403);
      assertThat(w.http.call("GET", "secret/data/" + w.fresh.policy().vaultPath(), null, app).status()).isEqualTo(403);
      assertThat(w.http.call("LIST", "secret/metadata/motherduck", null, app).status()).isEqualTo(403);

      assertThat(w.vault.aclDenials().subList(before, w.vault.aclDenials().size()))
          .extracting(AclDenial::path, AclDenial::capability).containsExactly(
              tuple("secret/metadata/" + slot, "read"),
              tuple("secret/data/" + slot, "update"),
              tuple("secret/data/" + slot, "delete"),
              tuple("secret/metadata/" + slot, "update"),
              tuple("secret/data/" + state, "read"),
              tuple("secret/data/" + w.fresh.policy().vaultPath(), "read"),
              tuple("secret/metadata/motherduck/", "list"));
      assertThat(w.http.call("GET", "secret/data/" + slot, null, app).body().at("/data/data/token").asString())
          .as("the refused write changed nothing").isEqualTo(token);
    }
  }
}
