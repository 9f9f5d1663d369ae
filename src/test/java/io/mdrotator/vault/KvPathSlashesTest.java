package io.mdrotator.vault;

import io.mdrotator.port.KvData;
import io.mdrotator.port.KvVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Leading and trailing slashes of a KV path are dropped; a path of slashes only is refused. */
class KvPathSlashesTest {

  @Test
  void slashesAroundAPathNameTheSameKey() {
    try (VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0))) {
      VaultKvStore kv = VaultKvStore.builder().address(vault.address())
          .auth(VaultAuth.token(vault.rootToken())).build();

      kv.writeCas("//apps/x/y///", KvData.of(Map.of("k", "v")), 0);

      assertThat(vault.currentData("apps/x/y")).hasValueSatisfying(d -> assertThat(d).containsEntry("k", "v"));
      assertThat(kv.readLatest("/apps/x/y")).map(KvVersion::version).hasValue(1L);
      assertThatThrownBy(() -> kv.readLatest("///")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty KV path");
    }
  }
}
