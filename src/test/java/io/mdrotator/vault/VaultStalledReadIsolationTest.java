package io.mdrotator.vault;

import io.mdrotator.port.KvVersion;
import static io.mdrotator.testing.HostileServer.json;
import static io.mdrotator.testing.HostileServer.route;
import static io.mdrotator.testing.HostileServer.slowBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.HostileServer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One slot's Vault path stalling does not hold up the others: while a read of one key trickles
 * its body at 1 byte/s, a read of another key through the same store (the daemon shares one store
 * among its worker threads) is answered at once, and the stalled one still ends at its deadline.
 */
@Timeout(30)
class VaultStalledReadIsolationTest {
  private static final String KV_REPLY = "{\"data\":{\"data\":{\"token_id\":\"t1\"},\"metadata\":{\"version\":3,"
      + "\"created_time\":\"2026-01-01T00:00:00Z\",\"deletion_time\":\"\",\"destroyed\":false,\"custom_metadata\":null}}}";

  @Test
  void aStalledReadDoesNotHoldUpAReadOfAnotherSlot() throws Exception {
    try (HostileServer server = HostileServer.plain(route(slowBody(Duration.ofSeconds(1)),
        "GET /v1/auth/token/lookup-self", json(200, VaultHostileServerTest.LOOKUP),
        "GET /v1/secret/data/slots/fast", json(200, KV_REPLY)))) {
      VaultKvStore store = VaultHostileServerTest.store(server, 0, VaultHostileServerTest.DEADLINE);
      store.session().maintain();
      long start = System.nanoTime();
      CompletableFuture<Throwable> stalled = CompletableFuture.supplyAsync(() -> {
        try {
          store.readLatest("slots/stalled");
          return null;
        } catch (RuntimeException e) {
          return e;
        }
      });
      Thread.sleep(200); // the stalled read is now waiting on its body

      Optional<KvVersion> fast = store.readLatest("slots/fast");
      long fastDone = System.nanoTime();

      assertThat(fast).map(KvVersion::version).contains(3L);
      assertThat(stalled).as("still stalled when the other read returned").isNotDone();
      assertThat(Duration.ofNanos(fastDone - start)).isLessThan(VaultHostileServerTest.DEADLINE);
      Throwable e = stalled.get(10, TimeUnit.SECONDS);
      assertThat(e).isInstanceOf(VaultDeadlineExceededException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThanOrEqualTo(VaultHostileServerTest.DEADLINE.plus(VaultHostileServerTest.MARGIN));
    }
  }
}
