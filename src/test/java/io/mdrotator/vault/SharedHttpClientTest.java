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

  /**
   * Nor a thread per request: the JDK's {@code sendAsync} completes each exchange on its default
   * async pool, which is a new thread per task when the common pool has a single thread (two
   * cores), so the store sends synchronously.
   */
  @Test
  void requestsStartNoThreadEach() {
    try (VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0))) {
      VaultKvStore kv = VaultKvStore.builder().address(vault.address())
          .auth(VaultAuth.token(vault.rootToken())).openTimeout(Duration.ofSeconds(5)).build();
      kv.writeCas("shared/threads", KvData.of(Map.of("n", "0")), 0);
      kv.readLatest("shared/threads"); // connection, selector and emulator threads exist from here
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long before = threads.getTotalStartedThreadCount();
      for (int i = 0; i < 100; i++) {
        assertThat(kv.readLatest("shared/threads")).isPresent();
      }
      long started = threads.getTotalStartedThreadCount() - before;

      assertThat(started).as("threads started during 100 Vault reads").isLessThan(10);
    }
  }

  private static long clientId(HttpClient probe) {
    Matcher m = CLIENT_ID.matcher(probe.toString());
    assertThat(m.find()).as("client id in %s", probe).isTrue();
    return Long.parseLong(m.group(1));
  }
}
