package io.mdrotator.vault;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultPermissionDeniedException;
import io.mdrotator.port.VaultSealedException;
import io.mdrotator.port.VaultStoreException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.vault.AclPolicy;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter, through the real driver, against the emulator. */
class VaultKvStoreTest {
  private static final String PATH = "motherduck/etl/rw";
  private VaultEmulator vault;
  private VaultKvStore store;
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vault = VaultEmulator.start(VaultEmulatorOptions.defaults());
    store = storeWith(VaultAuth.token(vault.rootToken()));
  }

  private VaultKvStore storeWith(VaultAuth auth) {
    return VaultKvStore.builder()
        .address(vault.address())
        .auth(auth)
        .readRetries(2, Duration.ofMillis(10))
        .listener((target, op, outcome, elapsed) -> calls.add(target + ":" + op + ":" + outcome))
        .build();
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private static KvData token(String id, String value) {
    return KvData.builder().put("token_id", id).putSecret("token", Secret.of(value)).build();
  }

  @Test
  void casCreateThenUpdateThenConflict() {
    assertThat(store.writeCas(PATH, token("t1", "secret-value-1"), 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
    assertThat(store.writeCas(PATH, token("t2", "secret-value-2"), 1)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(2L));
    assertThat(store.writeCas(PATH, token("t3", "secret-value-3"), 1)).isEqualTo(new CasResult.Conflict(1, 2));
    assertThat(store.writeCas(PATH, token("t3", "secret-value-3"), 0)).isEqualTo(new CasResult.Conflict(0, 2));
    assertThat(vault.currentData(PATH)).contains(Map.of("token_id", "t2", "token", "secret-value-2"));
    assertThat(calls).contains("vault:write-cas:success", "vault:write-cas:client_error");
  }

  @Test
  void aWriteReplyCarriesTheVersionAndCreatedTimeAReadBackWouldSee() {
    store.writeCas(PATH, token("t1", "v1"), 0);
    CasResult r = store.writeCas(PATH, token("t2", "v2"), 1);

    KvVersion back = store.readLatest(PATH).orElseThrow();
    assertThat(r).isEqualTo(new CasResult.Written(back.version(), back.createdTime()));
    assertThat(back.version()).isEqualTo(2);
  }

  @Test
  void readsLatestAndGivenVersions() {
    assertThat(store.readLatest(PATH)).isEmpty();
    store.writeCas(PATH, token("t1", "v1"), 0);
    store.writeCas(PATH, token("t2", "v2"), 1);
    KvVersion latest = store.readLatest(PATH).orElseThrow();
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.data()).isEqualTo(token("t2", "v2"));
    assertThat(latest.createdTime()).isNotNull();
    assertThat(store.readVersion(PATH, 1).orElseThrow().data().get("token_id")).contains("t1");
    assertThat(store.readVersion(PATH, 3)).isEmpty();
  }

  @Test
  void metadataRoundTripAndEcho() {
    assertThat(store.readMetadata(PATH)).isEmpty();
    store.writeCustomMetadata(PATH, Map.of("owner", "md-rotator", "slot", "rw"));
    KvMetadata meta = store.readMetadata(PATH).orElseThrow();
    assertThat(meta.currentVersion()).isZero();
    assertThat(meta.customMetadata()).isEqualTo(Map.of("owner", "md-rotator", "slot", "rw"));
    store.writeCas(PATH, token("t1", "v1"), 0);
    assertThat(store.readLatest(PATH).orElseThrow().customMetadata()).containsEntry("owner", "md-rotator");
    assertThat(store.readMetadata(PATH).orElseThrow().currentVersion()).isEqualTo(1);
  }

  @Test
  void invalidCustomMetadataIsATypedFailureWithVaultsText() {
    assertThatThrownBy(() -> store.writeCustomMetadata(PATH, Map.of("k", "x".repeat(513))))
        .isInstanceOf(VaultStoreException.class)
        .hasMessageContaining("write-metadata")
        .hasMessageContaining("secret/metadata/" + PATH)
        .hasMessageContaining("custom_metadata validation failed: length of value for key \"k\" is 513");
  }

  @Test
  void softDeleteHidesOnlyTheLatestVersion() {
    store.writeCas(PATH, token("t1", "v1"), 0);
    store.writeCas(PATH, token("t2", "v2"), 1);
    store.softDeleteLatest(PATH);
    assertThat(store.readLatest(PATH)).isEmpty();
    assertThat(store.readVersion(PATH, 1)).isPresent();
    assertThat(vault.storedVersionCount(PATH)).isEqualTo(2);
    assertThat(store.readMetadata(PATH).orElseThrow().currentVersion()).isEqualTo(2);
  }

  @Test
  void sealedVaultIsTyped() {
    store.writeCas(PATH, token("t1", "v1"), 0);
    vault.seal();
    assertThatThrownBy(() -> store.readLatest(PATH))
        .isInstanceOf(VaultSealedException.class)
        .hasMessageContaining("Vault is sealed")
        .hasMessageContaining(PATH);
    assertThatThrownBy(() -> store.writeCas(PATH, token("t2", "v2"), 1)).isInstanceOf(VaultSealedException.class);
    vault.unseal();
    assertThat(store.readLatest(PATH)).isPresent();
  }

  @Test
  void permissionDeniedIsTyped() {
    vault.addPolicy(AclPolicy.of("reader", "secret/data/motherduck/*", "read"));
    Secret limited = vault.createToken(List.of("reader"), Duration.ofHours(1), null, true);
    VaultKvStore ro = storeWith(VaultAuth.token(limited));
    assertThat(ro.readLatest(PATH)).isEmpty();
    assertThatThrownBy(() -> ro.writeCas(PATH, token("t1", "v1"), 0))
        .isInstanceOf(VaultPermissionDeniedException.class)
        .hasMessageContaining("write-cas")
        .hasMessageContaining("secret/" + PATH)
        .hasMessageContaining("permission denied");
    assertThatThrownBy(() -> ro.readMetadata(PATH)).isInstanceOf(VaultPermissionDeniedException.class);
  }

  @Test
  void lostWriteReplyThatWasCommittedCountsAsWritten() {
    store.writeCas(PATH, token("t1", "v1"), 0);
    vault.faults().resetCounters();
    vault.faults().add("kvWrite", Fault.commitThenDrop().times(1));
    assertThat(store.writeCas(PATH, token("t2", "v2"), 1)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(2L));
    assertThat(vault.faults().calls("kvWrite")).isEqualTo(1); // never retried blindly
    assertThat(vault.currentVersion(PATH)).isEqualTo(2);
  }

  @Test
  void lostWriteReplyWhenAnotherWriterWonIsAConflict() {
    store.writeCas(PATH, token("t1", "v1"), 0);
    VaultKvStore other = storeWith(VaultAuth.token(vault.rootToken()));
    assertThat(other.writeCas(PATH, token("other", "x"), 1)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(2L));
    vault.faults().add("kvWrite", Fault.reset().times(1));
    assertThat(store.writeCas(PATH, token("t2", "v2"), 1)).isEqualTo(new CasResult.Conflict(1, 2));
    assertThat(vault.currentData(PATH).orElseThrow()).containsEntry("token_id", "other");
  }

  @Test
  void lostWriteThatDidNotHappenIsRethrown() {
    store.writeCas(PATH, token("t1", "v1"), 0);
    vault.faults().add("kvWrite", Fault.reset().times(1));
    assertThatThrownBy(() -> store.writeCas(PATH, token("t2", "v2"), 1))
        .isInstanceOf(VaultStoreException.class)
        .satisfies(e -> assertThat(((VaultStoreException) e).status()).isZero())
        .hasMessageContaining("no reply");
    assertThat(vault.currentVersion(PATH)).isEqualTo(1);
  }

  @Test
  void readsAreRetriedOnTransientFaultsButWritesAreNot() {
    store.writeCas(PATH, token("t1", "v1"), 0);
    vault.faults().resetCounters();
    vault.faults().add("kvRead", Fault.status(500).times(2));
    assertThat(store.readLatest(PATH)).isPresent();
    assertThat(vault.faults().calls("kvRead")).isEqualTo(3);
    vault.faults().add("kvWrite", Fault.status(412).times(1));
    assertThatThrownBy(() -> store.writeCas(PATH, token("t2", "v2"), 1))
        .isInstanceOf(VaultStoreException.class)
        .hasMessageContaining("412");
    assertThat(vault.faults().calls("kvWrite")).isEqualTo(1);
  }

  @Test
  void namespaceIsSentAndKeepsDataApart() {
    VaultKvStore team = VaultKvStore.builder().address(vault.address()).namespace("team-a")
        .auth(VaultAuth.token(vault.rootToken())).build();
    assertThat(team.writeCas(PATH, token("t1", "v1"), 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
    assertThat(team.readLatest(PATH)).isPresent();
    assertThat(store.readLatest(PATH)).isEmpty();
    assertThat(vault.currentData(PATH)).isEmpty();
  }

  @Test
  void noSecretInMessagesOrToString() {
    String value = "md-token-VALUE-never-shown";
    store.writeCas(PATH, token("t1", value), 0);
    vault.faults().add("kvRead", Fault.malformed());
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> store.readLatest(PATH));
    assertThat(t).isInstanceOf(VaultStoreException.class);
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).doesNotContain(value).doesNotContain(vault.rootToken().reveal());
    }
    assertThat(store.toString()).doesNotContain(vault.rootToken().reveal());
    assertThat(VaultAuth.token(vault.rootToken()).toString()).doesNotContain(vault.rootToken().reveal());
    assertThat(VaultAuth.appRole(Secret.of("role-id-x"), Secret.of("secret-id-y")).toString())
        .doesNotContain("role-id-x").doesNotContain("secret-id-y");
    assertThat(vault.tokens().toString()).doesNotContain(vault.rootToken().reveal());
    assertThat(token("t1", value).toString()).doesNotContain(value);
  }
}
