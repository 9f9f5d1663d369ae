package io.mdrotator.vault;

import io.mdrotator.emulator.MutableClock;
import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.VaultPermissionDeniedException;
import io.mdrotator.port.VaultStoreException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.vault.AclPolicy;
import io.mdrotator.emulator.vault.EmulatedToken;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.secret.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auth methods, renewal and re-login through the real driver, with one clock for both sides. */
class VaultSessionTest {
  private static final String PATH = "motherduck/etl/rw";
  private static final Duration HOUR = Duration.ofHours(1);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
  private VaultEmulator vault;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start(VaultEmulatorOptions.defaults().clock(clock));
    vault.addPolicy(AclPolicy.of("rotator", "secret/*", "create", "read", "update", "delete", "list"));
    vault.addAppRole("md-rotator", "role-id-1", Secret.of("secret-id-1"), List.of("rotator"), HOUR, Duration.ofHours(24));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private VaultKvStore store(VaultAuth auth) {
    return VaultKvStore.builder().address(vault.address()).auth(auth).clock(clock)
        .readRetries(0, Duration.ZERO).build();
  }

  private static KvData data(String id) {
    return KvData.builder().put("token_id", id).build();
  }

  private List<EmulatedToken> loginTokens() {
    return vault.tokens().stream().filter(t -> t.path().endsWith("/login")).toList();
  }

  @Test
  void tokenAuthUsesTheGivenTokenAndLearnsItsTtl() {
    Secret t = vault.createToken(List.of("rotator"), HOUR, null, true);
    VaultKvStore s = store(VaultAuth.token(t));
    assertThat(s.writeCas(PATH, data("a"), 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
    assertThat(s.tokenExpiry()).contains(clock.instant().plus(HOUR));
  }

  @Test
  void rootTokenDoesNotExpire() {
    VaultKvStore s = store(VaultAuth.token(vault.rootToken()));
    s.readLatest(PATH);
    assertThat(s.tokenExpiry()).isEmpty();
  }

  @Test
  void appRoleLogsInAndWrongSecretIsATypedFailure() {
    VaultKvStore s = store(VaultAuth.appRole(Secret.of("role-id-1"), Secret.of("secret-id-1")));
    assertThat(s.writeCas(PATH, data("a"), 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
    assertThat(loginTokens()).hasSize(1);
    assertThat(loginTokens().get(0).policies()).containsExactly("default", "rotator");

    VaultKvStore bad = store(VaultAuth.appRole(Secret.of("role-id-1"), Secret.of("wrong-secret-id")));
    assertThatThrownBy(() -> bad.readLatest(PATH))
        .isInstanceOf(VaultStoreException.class)
        .hasMessageContaining("login")
        .hasMessageContaining("invalid role or secret ID")
        .hasMessageNotContaining("wrong-secret-id");
  }

  @Test
  void kubernetesLoginReadsTheJwtFileAtEachLogin() throws Exception {
    Path jwt = dir.resolve("token");
    Files.writeString(jwt, "jwt-one\n");
    vault.addKubernetesRole("md-rotator", Secret.of("jwt-one"), List.of("rotator"), HOUR, HOUR);
    VaultKvStore s = store(VaultAuth.kubernetes("md-rotator", jwt));
    assertThat(s.writeCas(PATH, data("a"), 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
    assertThat(loginTokens()).hasSize(1);

    // renewal at 2/3 is capped by the max TTL (1 h): 19 min left and not worth renewing again
    clock.advance(Duration.ofMinutes(41));
    assertThat(s.readLatest(PATH)).isPresent();
    assertThat(loginTokens()).hasSize(1);
    assertThat(s.tokenExpiry()).contains(Instant.parse("2026-11-28T01:00:00Z"));
    // so at 2/3 of the remaining lease it logs in again, reading the (rotated) JWT file anew
    vault.addKubernetesRole("md-rotator", Secret.of("jwt-two"), List.of("rotator"), HOUR, HOUR);
    Files.writeString(jwt, "jwt-two");
    clock.advance(Duration.ofMinutes(13));
    assertThat(s.readLatest(PATH)).isPresent();
    assertThat(loginTokens()).hasSize(2);
    assertThat(s.tokenExpiry()).contains(clock.instant().plus(HOUR));
  }

  @Test
  void renewsAtTwoThirdsOfTheTtl() {
    VaultKvStore s = store(VaultAuth.appRole(Secret.of("role-id-1"), Secret.of("secret-id-1")));
    s.readLatest(PATH);
    clock.advance(Duration.ofMinutes(39));
    s.readLatest(PATH);
    assertThat(vault.faults().calls("renewSelf")).isZero();
    clock.advance(Duration.ofMinutes(1));
    s.readLatest(PATH);
    assertThat(vault.faults().calls("renewSelf")).isEqualTo(1);
    assertThat(loginTokens()).hasSize(1);
    assertThat(loginTokens().get(0).renewals()).isEqualTo(1);
    assertThat(s.tokenExpiry()).contains(clock.instant().plus(HOUR));
  }

  @Test
  void failedRenewalKeepsRotatingWhileTheTokenIsValid() {
    VaultKvStore s = store(VaultAuth.appRole(Secret.of("role-id-1"), Secret.of("secret-id-1")));
    s.writeCas(PATH, data("a"), 0);
    vault.faults().add("renewSelf", Fault.status(500));
    clock.advance(Duration.ofMinutes(41));
    assertThat(s.writeCas(PATH, data("b"), 1)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(2L));
    assertThat(vault.faults().calls("renewSelf")).isEqualTo(1);
    assertThat(loginTokens()).hasSize(1);
    // in the last sixth of the lease, renewal keeps failing: log in again
    clock.advance(Duration.ofMinutes(10));
    assertThat(s.writeCas(PATH, data("c"), 2)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(3L));
    assertThat(loginTokens()).hasSize(2);
  }

  @Test
  void revokedTokenIsReplacedByLoginWhenRenewalIsDenied() {
    VaultKvStore s = store(VaultAuth.appRole(Secret.of("role-id-1"), Secret.of("secret-id-1")));
    s.readLatest(PATH);
    vault.revokeToken(Secret.of(loginTokens().get(0).id()));
    clock.advance(Duration.ofMinutes(41));
    assertThat(s.writeCas(PATH, data("a"), 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
    assertThat(loginTokens()).hasSize(2);
  }

  @Test
  void failedReloginKeepsAValidTokenAndFailsOnceItExpired() {
    vault.addAppRole("short", "role-id-2", Secret.of("secret-id-2"), List.of("rotator"), HOUR, HOUR);
    VaultKvStore s = store(VaultAuth.appRole(Secret.of("role-id-2"), Secret.of("secret-id-2")));
    s.readLatest(PATH);
    vault.faults().add("login", Fault.status(500));
    vault.faults().add("renewSelf", Fault.status(500));
    clock.advance(Duration.ofMinutes(41));
    assertThat(s.readLatest(PATH)).isEmpty(); // renewal fails, token still valid
    clock.advance(Duration.ofMinutes(19));
    assertThatThrownBy(() -> s.readLatest(PATH)).isInstanceOf(VaultStoreException.class).hasMessageContaining("login");
  }

  // A token Vault stops honouring before its known expiry (revoked by an operator, expired server-side):
  // with AppRole the store logs in again once and the call succeeds; with a static token the 403 stands.
  // Defect found by the fault matrix: the 403 used to be final for every auth method.

  private Secret lastLoginToken() {
    List<EmulatedToken> logins = loginTokens();
    return Secret.of(logins.get(logins.size() - 1).id());
  }

  private long logins() {
    return loginTokens().size();
  }

  @Test
  void appRoleTokenExpiredServerSideIsReplacedAndEveryCallSucceeds() {
    VaultKvStore s = store(VaultAuth.appRole(Secret.of("role-id-1"), Secret.of("secret-id-1")));
    assertThat(s.writeCas(PATH, KvData.builder().put("token_id", "a").build(), 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
    clock.advance(Duration.ofSeconds(1));
    assertThat(vault.expireToken(lastLoginToken())).isTrue();

    assertThat(s.readLatest(PATH)).isPresent();
    assertThat(logins()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(vault.expireToken(lastLoginToken())).isTrue();
    assertThat(s.writeCas(PATH, KvData.builder().put("token_id", "b").build(), 1)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(2L));
    clock.advance(Duration.ofSeconds(1));
    assertThat(vault.revokeToken(lastLoginToken())).isTrue();
    assertThat(s.readMetadata(PATH)).get().extracting(KvMetadata::currentVersion).isEqualTo(2L);
    assertThat(logins()).isEqualTo(4);
  }

  @Test
  void aPolicyThatReallyDeniesStillFailsAfterOneRelogin() {
    vault.addPolicy(AclPolicy.of("narrow", "secret/data/motherduck/*", "read"));
    vault.addAppRole("narrow", "role-id-2", Secret.of("secret-id-2"), List.of("narrow"), HOUR, Duration.ofHours(24));
    VaultKvStore s = store(VaultAuth.appRole(Secret.of("role-id-2"), Secret.of("secret-id-2")));
    assertThat(s.readLatest(PATH)).isEmpty();
    long before = logins();
    assertThatThrownBy(() -> s.readLatest("other/x"))
        .isInstanceOf(VaultPermissionDeniedException.class).hasMessageContaining("other/x");
    assertThat(logins() - before).as("one re-login, then the 403 stands").isEqualTo(1);
  }

  @Test
  void staticTokenRevokedServerSideIsAClearPermissionDenied() {
    Secret t = vault.createToken(List.of("rotator"), HOUR, null, true);
    VaultKvStore s = store(VaultAuth.token(t));
    s.readLatest(PATH);
    vault.revokeToken(t);
    assertThatThrownBy(() -> s.readLatest(PATH))
        .isInstanceOf(VaultPermissionDeniedException.class)
        .hasMessageContaining("permission denied");
  }
}
