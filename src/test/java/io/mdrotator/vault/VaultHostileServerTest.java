package io.mdrotator.vault;

import io.mdrotator.port.VaultStoreException;
import static io.mdrotator.testing.HostileServer.endlessBody;
import static io.mdrotator.testing.HostileServer.json;
import static io.mdrotator.testing.HostileServer.largeBody;
import static io.mdrotator.testing.HostileServer.reply;
import static io.mdrotator.testing.HostileServer.route;
import static io.mdrotator.testing.HostileServer.slowBody;
import static io.mdrotator.testing.HostileServer.slowHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mdrotator.secret.Secret;
import io.mdrotator.testing.HostileServer;
import io.mdrotator.testing.HostileServer.Script;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A KV read against a server that misbehaves after the token lookup: every case ends within the
 * deadline (connect, headers and whole body) with a typed exception naming the operation, the
 * path, the limit and what was received, and never the token; the client stops reading at the
 * size cap and hangs up (the server sees the connection end). The per-test timeout turns a hang
 * into a failure.
 */
@Timeout(30)
class VaultHostileServerTest {
  static final Duration DEADLINE = Duration.ofSeconds(2);
  /** Scheduling slack on a loaded 2-core machine. */
  static final Duration MARGIN = Duration.ofMillis(1500);
  /** What loopback socket buffers can hold between a writing server and a client that stopped reading. */
  static final long KERNEL_BUFFERS = 16L << 20;
  static final String TOKEN = "hvs.hostile-test-token";
  static final String LOOKUP = "{\"data\":{\"ttl\":0,\"renewable\":false,\"policies\":[\"root\"]}}";
  static final Duration ONE_SECOND = Duration.ofSeconds(1);

  static VaultKvStore store(HostileServer server, int readRetries, Duration deadline) {
    return VaultKvStore.builder().address(server.uri()).auth(VaultAuth.token(Secret.of(TOKEN)))
        .openTimeout(ONE_SECOND).readTimeout(deadline).readRetries(readRetries, Duration.ofMillis(100)).build();
  }

  /** The token's lookup answered normally, everything else with {@code hostile}. */
  static Script afterLookup(Script hostile) {
    return route(hostile, "GET /v1/auth/token/lookup-self", json(200, LOOKUP));
  }

  /** Runs a read, returns its typed failure and checks the elapsed time against the deadline. */
  private static <E extends VaultStoreException> E read(HostileServer server, Class<E> type, boolean endsAtDeadline) {
    VaultKvStore store = store(server, 0, DEADLINE);
    store.session().maintain(); // the lookup, outside the timed exchange
    long start = System.nanoTime();
    E e = catchThrowableOfType(() -> store.readLatest("hostile/x"), type);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(e).as("typed failure " + type.getSimpleName()).isNotNull();
    assertThat(elapsed).as("elapsed").isLessThanOrEqualTo(DEADLINE.plus(MARGIN));
    if (endsAtDeadline) {
      assertThat(elapsed).as("ended by the deadline, not earlier").isGreaterThanOrEqualTo(DEADLINE.minusMillis(100));
    }
    assertThat(e.getMessage()).contains("Vault read of 'secret/hostile/x'").doesNotContain(TOKEN);
    assertThat(e.operation()).isEqualTo("read");
    System.out.printf("%s: %s after %d ms, server wrote %d bytes%n", type.getSimpleName(), e.getMessage(),
        elapsed.toMillis(), server.bytesWritten());
    return e;
  }

  @Test
  void slowHeadersEndAtTheDeadline() throws Exception {
    try (HostileServer server = HostileServer.plain(afterLookup(slowHeaders(ONE_SECOND)))) {
      VaultDeadlineExceededException e = read(server, VaultDeadlineExceededException.class, true);
      assertThat(e.getMessage()).contains("GET /v1/secret/data/hostile/x", "deadline of 2.0 s", "no reply headers");
      assertThat(e.deadline()).isEqualTo(DEADLINE);
      assertThat(e.bytesReceived()).isZero();
      assertThat(e.isTransient()).isTrue();
      assertThat(server.awaitAllClosed(Duration.ofSeconds(3))).as("client hung up").isTrue();
    }
  }

  @Test
  void aBodyAtOneBytePerSecondEndsAtTheDeadline() throws Exception {
    try (HostileServer server = HostileServer.plain(afterLookup(slowBody(ONE_SECOND)))) {
      VaultDeadlineExceededException e = read(server, VaultDeadlineExceededException.class, true);
      assertThat(e.getMessage()).contains("deadline of 2.0 s", "HTTP 200 headers and ");
      assertThat(e.bytesReceived()).as("the JSON prefix and a byte or two").isBetween(14L, 20L);
      assertThat(server.awaitAllClosed(Duration.ofSeconds(3))).as("client hung up").isTrue();
    }
  }

  @Test
  void anEndlessBodyStopsAtTheCap() throws Exception {
    try (HostileServer server = HostileServer.plain(afterLookup(endlessBody()))) {
      VaultReplyTooLargeException e = read(server, VaultReplyTooLargeException.class, false);
      assertCapped(server, e);
    }
  }

  @Test
  void a100MiBChunkedBodyStopsAtTheCap() throws Exception {
    try (HostileServer server = HostileServer.plain(afterLookup(largeBody(100L << 20, false)))) {
      VaultReplyTooLargeException e = read(server, VaultReplyTooLargeException.class, false);
      assertCapped(server, e);
    }
  }

  @Test
  void a100MiBAnnouncedBodyIsRefusedOnItsContentLength() throws Exception {
    try (HostileServer server = HostileServer.plain(afterLookup(largeBody(100L << 20, true)))) {
      VaultReplyTooLargeException e = read(server, VaultReplyTooLargeException.class, false);
      assertThat(e.getMessage()).contains("Content-Length " + (100L << 20) + " announced");
      assertThat(e.bytesReceived()).isZero();
      assertThat(server.awaitAllClosed(Duration.ofSeconds(3))).as("client hung up").isTrue();
      assertThat(server.bytesWritten()).isLessThan(KERNEL_BUFFERS);
    }
  }

  private static void assertCapped(HostileServer server, VaultReplyTooLargeException e) throws Exception {
    assertThat(e.getMessage()).contains("GET /v1/secret/data/hostile/x", "over the limit of 4194304 bytes");
    assertThat(e.limitBytes()).isEqualTo(VaultConnection.MAX_REPLY_BYTES);
    assertThat(e.bytesReceived()).as("counted until just past the cap")
        .isGreaterThan(VaultConnection.MAX_REPLY_BYTES).isLessThan(VaultConnection.MAX_REPLY_BYTES + (1 << 20));
    assertThat(e.isTransient()).isFalse();
    assertThat(server.awaitAllClosed(Duration.ofSeconds(3))).as("client hung up").isTrue();
    assertThat(server.bytesWritten()).as("the client stopped reading: cap plus what socket buffers hold")
        .isLessThan(VaultConnection.MAX_REPLY_BYTES + KERNEL_BUFFERS);
  }

  @Test
  void malformedJsonIsATypedMalformedReply() throws Exception {
    String truncated = "{\"data\":{\"data\":{\"token\":\"hvs.secret-part";
    try (HostileServer server = HostileServer.plain(afterLookup(json(200, truncated)))) {
      VaultMalformedReplyException e = read(server, VaultMalformedReplyException.class, false);
      assertThat(e.getMessage()).contains("HTTP 200", "'application/json'", truncated.length() + " bytes", "not JSON")
          .doesNotContain("secret-part");
    }
  }

  @Test
  void aWrongContentTypeIsATypedMalformedReply() throws Exception {
    String page = "<html><body>Please log in to the proxy</body></html>";
    try (HostileServer server = HostileServer.plain(afterLookup(reply(200, "text/html", page)))) {
      VaultMalformedReplyException e = read(server, VaultMalformedReplyException.class, false);
      assertThat(e.getMessage()).contains("HTTP 200", "Content-Type 'text/html'", page.length() + " bytes")
          .doesNotContain("proxy");
    }
  }

  @Test
  void anOversizeReplyIsNotRetried() throws Exception {
    try (HostileServer server = HostileServer.plain(afterLookup(endlessBody()))) {
      VaultKvStore store = store(server, 2, DEADLINE);
      catchThrowableOfType(() -> store.readLatest("hostile/x"), VaultReplyTooLargeException.class);
      assertThat(server.requests()).filteredOn(r -> r.startsWith("GET /v1/secret/data/")).hasSize(1);
    }
  }

  /** A passed deadline is transient: a read is retried, each attempt with its own deadline. */
  @Test
  void aPassedDeadlineIsRetriedWithinTheReadBudget() throws Exception {
    try (HostileServer server = HostileServer.plain(afterLookup(slowBody(ONE_SECOND)))) {
      VaultKvStore store = store(server, 1, ONE_SECOND);
      store.session().maintain();
      long start = System.nanoTime();
      catchThrowableOfType(() -> store.readLatest("hostile/x"), VaultDeadlineExceededException.class);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(server.requests()).filteredOn(r -> r.startsWith("GET /v1/secret/data/")).hasSize(2);
      assertThat(elapsed).isLessThanOrEqualTo(ONE_SECOND.multipliedBy(2).plusMillis(125).plus(MARGIN));
    }
  }
}
