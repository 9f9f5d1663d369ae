package io.mdrotator.vault;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvMetadata;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.secret.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opt-in contract test against a real Vault or OpenBao: runs only when {@code VAULT_ADDR} and
 * {@code VAULT_TOKEN} are set (optional {@code VAULT_KV_MOUNT}, default {@code secret}, a KV v2
 * mount; optional {@code VAULT_NAMESPACE}; optional {@code VAULT_CACERT}). Uses a unique path and
 * removes it afterwards. The same scenarios run against the emulator in the other tests.
 */
class VaultContractTest {

  @Test
  void realVaultBehavesAsTheEmulatorDoes() {
    String addr = System.getenv("VAULT_ADDR");
    String token = System.getenv("VAULT_TOKEN");
    Assumptions.assumeTrue(addr != null && !addr.isBlank() && token != null && !token.isBlank(),
        "real-Vault contract test skipped: set VAULT_ADDR and VAULT_TOKEN (and VAULT_KV_MOUNT for a non-'secret' KV v2 mount) to run it");
    String mount = System.getenv().getOrDefault("VAULT_KV_MOUNT", "secret");
    String ca = System.getenv("VAULT_CACERT");
    VaultKvStore store = VaultKvStore.builder()
        .address(URI.create(addr))
        .namespace(System.getenv("VAULT_NAMESPACE"))
        .mount(mount)
        .auth(VaultAuth.token(Secret.of(token)))
        .tls(ca == null || ca.isBlank() ? null : java.nio.file.Path.of(ca), null, null)
        .readRetries(1, Duration.ofMillis(200))
        .build();
    String path = "md-rotator-contract/" + UUID.randomUUID();
    try {
      assertThat(store.readLatest(path)).isEmpty();
      KvData v1 = KvData.builder().put("token_id", "c1").putSecret("token", Secret.of("contract-1")).build();
      KvData v2 = KvData.builder().put("token_id", "c2").putSecret("token", Secret.of("contract-2")).build();
      assertThat(store.writeCas(path, v1, 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
      assertThat(store.writeCas(path, v2, 0)).isEqualTo(new CasResult.Conflict(0, 1));
      assertThat(store.writeCas(path, v2, 1)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(2L));
      assertThat(store.readLatest(path).orElseThrow().data()).isEqualTo(v2);
      assertThat(store.readVersion(path, 1).orElseThrow().data()).isEqualTo(v1);
      store.writeCustomMetadata(path, Map.of("owner", "md-rotator-contract"));
      KvMetadata meta = store.readMetadata(path).orElseThrow();
      assertThat(meta.currentVersion()).isEqualTo(2);
      assertThat(meta.customMetadata()).containsEntry("owner", "md-rotator-contract");
      assertThat(store.readLatest(path).orElseThrow().customMetadata()).containsEntry("owner", "md-rotator-contract");
      store.softDeleteLatest(path);
      assertThat(store.readLatest(path)).isEmpty();
      assertThat(store.readVersion(path, 1)).isPresent();
    } finally {
      store.destroyAll(path);
    }
    assertThat(store.readMetadata(path)).isEmpty();
  }
}
