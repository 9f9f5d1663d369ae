package io.mdrotator.vault;

import io.mdrotator.port.KvData;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Vault request of a store goes through one {@link HttpClient}. The driver, given none,
 * built a new client per request: a new connection and selector thread each time. The JDK numbers
 * its clients in creation order, so two probes around the requests count the clients made between.
 */
class SharedHttpClientTest {
  private static final Pattern CLIENT_ID = Pattern.compile("\\((\\d+)\\)$");

  @Test
  void thirtyRequestsCreateNoNewHttpClient() {
    try (VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0))) {
      VaultKvStore kv = VaultKvStore.builder().address(vault.address())
          .auth(VaultAuth.token(vault.rootToken())).openTimeout(Duration.ofSeconds(5)).build();
      long before = clientId(HttpClient.newHttpClient());
      for (int i = 0; i < 15; i++) {
        kv.writeCas("shared/client", KvData.of(Map.of("n", Integer.toString(i))), i);
        assertThat(kv.readLatest("shared/client")).isPresent();
      }
      long after = clientId(HttpClient.newHttpClient());

      assertThat(after - before - 1).as("HttpClients created by 30 Vault requests").isZero();
    }
  }

  private static long clientId(HttpClient probe) {
    Matcher m = CLIENT_ID.matcher(probe.toString());
    assertThat(m.find()).as("client id in %s", probe).isTrue();
    return Long.parseLong(m.group(1));
  }
}
