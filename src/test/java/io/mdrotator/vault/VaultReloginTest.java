package io.mdrotator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.vault.AclPolicy;
import io.mdrotator.emulator.vault.EmulatedToken;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token Vault stops honouring before its known expiry (revoked by an operator, expired
 * server-side): with AppRole the store logs in again once and the call succeeds; with a static
 * token the 403 stands as a {@link VaultPermissionDeniedException}. Defect found by the fault matrix:
 * the 403 used to be final for every auth method, so rotations failed until the renewal tick.
 */
class VaultReloginTest {
  private static final String PATH = "motherduck/etl/rw";
  private static final Duration HOUR = Duration.ofHours(1);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
  private VaultEmulator vault;

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

  private Secret lastLoginToken() {
    List<EmulatedToken> logins = vault.tokens().stream().filter(t -> t.path().endsWith("/login")).toList();
    return Secret.of(logins.get(logins.size() - 1).id());
  }

  private long logins() {
    return vault.tokens().stream().filter(t -> t.path().endsWith("/login")).count();
  }

  @Test
  void appRoleTokenExpiredServerSideIsReplacedAndEveryCallSucceeds() {
    VaultKvStore s = store(VaultAuth.appRole(Secret.of("role-id-1"), Secret.of("secret-id-1")));
    assertThat(s.writeCas(PATH, KvData.builder().put("token_id", "a").build(), 0)).isEqualTo(new CasResult.Written(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(vault.expireToken(lastLoginToken())).isTrue();

    assertThat(s.readLatest(PATH)).isPresent();
    assertThat(logins()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(vault.expireToken(lastLoginToken())).isTrue();
    assertThat(s.writeCas(PATH, KvData.builder().put("token_id", "b").build(), 1)).isEqualTo(new CasResult.Written(2));
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
