package io.mdrotator.motherduck;

import io.mdrotator.testing.HostileServer;
import io.mdrotator.policy.TokenType;
import io.mdrotator.port.IoFailure;
import io.mdrotator.port.MotherDuckIoException;
import io.mdrotator.port.MotherDuckMalformedResponseException;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.port.TokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against servers that misbehave on purpose, one small server per case: every call ends
 * within its request timeout (the deadline of one exchange: connect, headers and the whole body)
 * with a typed error naming the endpoint, the limit and what was received. Where a body is large
 * or endless the server proves the client stopped reading: it wrote little more than the 16 MiB
 * limit and then saw the connection dropped, so the client held at most the limit. Before this
 * deadline existed a body sent at 1 byte/s held the caller until the server stopped.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MotherDuckHostileServerTest {
  static final Secret ADMIN = Secret.of("admin-token-for-hostile-servers");
  static final Duration DEADLINE = Duration.ofSeconds(2);
  /** Loopback socket buffers hold a few MiB that the client never read. */
  static final long SOCKET_SLACK = 8L << 20;
  static final String LIST = "GET /v1/users/{username}/tokens: ";
  /** How late past its deadline a call may end on a loaded 2-core machine (the hang was 75 s). */
  static final Duration SLACK = Duration.ofSeconds(1);

  /** Loads the HTTP client's classes first, so the timings below measure exchanges, not class loading. */
  @BeforeAll
  static void warmUp() throws Exception {
    try (HostileServer server = HostileServer.plain(HostileServer.replyAndClose(200, "application/json", "{\"tokens\":[]}"))) {
      assertThat(client(server, DEADLINE).listTokens("svc")).isEmpty();
    }
  }

  static MotherDuckClient client(HostileServer server, Duration timeout) {
    return MotherDuckClient.builder().baseUrl(server.uri("localhost")).adminToken(ADMIN).requestsPerSecond(0)
        .maxRetries(0).requestTimeout(timeout).build();
  }

  /** What a call threw and how long it took. */
  record Outcome<E extends Throwable>(E error, Duration elapsed) {}

  /** {@code listTokens} through a client built beforehand, so only the call is timed. */
  static <E extends Throwable> Outcome<E> listTokens(HostileServer server, Duration timeout, Class<E> type) {
    MotherDuckClient c = client(server, timeout);
    long t0 = System.nanoTime();
    E e = catchThrowableOfType(() -> c.listTokens("svc"), type);
    return new Outcome<>(e, Duration.ofNanos(System.nanoTime() - t0));
  }

  @Test
  void slowHeadersEndAtTheDeadline() throws Exception {
    try (HostileServer server = HostileServer.plain(HostileServer.slowHeaders(Duration.ofSeconds(1)))) {
      Outcome<MotherDuckIoException> o = listTokens(server, DEADLINE, MotherDuckIoException.class);
      assertThat(o.error().kind()).isEqualTo(IoFailure.REPLY_TIMEOUT);
      assertThat(o.error().getMessage()).isEqualTo("MotherDuck listTokens for 'svc' failed: " + LIST
          + "no reply within the request timeout of 2s after the request was sent");
      assertThat(o.elapsed()).isBetween(DEADLINE.minusMillis(100), DEADLINE.plus(SLACK));
    }
  }

  @Test
  void aBodyAtOneBytePerSecondEndsAtTheDeadlineAndTheConnectionIsDropped() throws Exception {
    try (HostileServer server = HostileServer.plain(HostileServer.trickle(Duration.ofSeconds(1), 1000))) {
      Outcome<MotherDuckIoException> o = listTokens(server, DEADLINE, MotherDuckIoException.class);
      assertThat(o.error().kind()).isEqualTo(IoFailure.BODY_TIMEOUT);
      assertThat(o.error().getMessage()).matches("MotherDuck listTokens for 'svc' failed: \\Q" + LIST
          + "reply HTTP 200 body was not complete within the request timeout of 2s (\\E[1-3] bytes received\\)");
      assertThat(o.elapsed()).isBetween(DEADLINE.minusMillis(100), DEADLINE.plus(SLACK));
      assertThat(server.awaitDropped(Duration.ofSeconds(3))).as("the server saw the connection closed").isTrue();
    }
  }

  /** Headers trickling for 1.5 s leave 0.5 s for the body: one deadline, not one per phase. */
  @Test
  void oneDeadlineCoversHeadersAndBody() throws Exception {
    HostileServer.Script script = c -> {
      c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
      for (int i = 0; i < 15; i++) {
        c.write("X-" + i + ": y\r\n");
        Thread.sleep(100);
      }
      c.write("Content-Length: 100\r\n\r\n");
      while (true) {
        c.write(" ");
        Thread.sleep(1000);
      }
    };
    try (HostileServer server = HostileServer.plain(script)) {
      Outcome<MotherDuckIoException> o = listTokens(server, DEADLINE, MotherDuckIoException.class);
      assertThat(o.error().kind()).isEqualTo(IoFailure.BODY_TIMEOUT);
      assertThat(o.elapsed()).isBetween(DEADLINE.minusMillis(100), DEADLINE.plus(SLACK));
    }
  }

  /**
   * Replies complete on the HTTP client's selector thread, so a stalled body must not stall it: while
   * one call waits out its deadline, calls for other accounts through the same client are answered.
   */
  @Test
  void aStalledReplyDoesNotHoldUpOtherCalls() throws Exception {
    HostileServer.Script ok = HostileServer.replyAndClose(200, "application/json", "{\"tokens\":[]}");
    HostileServer.Script stalled = HostileServer.trickle(Duration.ofSeconds(1), 1000);
    try (HostileServer server = HostileServer.plain(c -> (c.requestLine().contains("/stuck/") ? stalled : ok).play(c))) {
      MotherDuckClient c = client(server, DEADLINE);
      CompletableFuture<Throwable> stuck = CompletableFuture.supplyAsync(
          () -> catchThrowableOfType(() -> c.listTokens("stuck"), MotherDuckIoException.class));
      while (server.requests().isEmpty()) {
        Thread.sleep(10);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertThat(c.listTokens("svc_" + i)).isEmpty();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(DEADLINE.dividedBy(2));
      assertThat(stuck).isNotDone();
      assertThat(((MotherDuckIoException) stuck.get(5, TimeUnit.SECONDS)).kind()).isEqualTo(IoFailure.BODY_TIMEOUT);
    }
  }

  @Test
  void anEndlessBodyIsCutAtTheSizeLimit() throws Exception {
    try (HostileServer server = HostileServer.plain(HostileServer.endlessBody())) {
      Duration deadline = Duration.ofSeconds(3);
      Outcome<MotherDuckIoException> o = listTokens(server, deadline, MotherDuckIoException.class);
      assertThat(o.error().kind()).isEqualTo(IoFailure.REPLY_TOO_LARGE);
      assertThat(o.error().getMessage()).matches("MotherDuck listTokens for 'svc' failed: \\Q" + LIST
          + "reply HTTP 200 is larger than the 16777216-byte limit (\\E\\d+ bytes received before it was dropped\\)");
      assertThat(o.elapsed()).isLessThan(deadline);
      assertReadingStopped(server);
    }
  }

  @Test
  void a100MiBBodyAnnouncedByContentLengthIsRefusedBeforeReading() throws Exception {
    try (HostileServer server = HostileServer.plain(HostileServer.largeBody(100L << 20, true))) {
      Outcome<MotherDuckIoException> o = listTokens(server, DEADLINE, MotherDuckIoException.class);
      assertThat(o.error().kind()).isEqualTo(IoFailure.REPLY_TOO_LARGE);
      assertThat(o.error().getMessage()).isEqualTo("MotherDuck listTokens for 'svc' failed: " + LIST
          + "reply HTTP 200 is larger than the 16777216-byte limit (Content-Length 104857600); not read");
      assertThat(o.elapsed()).isLessThan(DEADLINE);
      assertThat(server.awaitDropped(Duration.ofSeconds(2))).isTrue();
      assertThat(server.bytesWritten()).isLessThan(SOCKET_SLACK);
    }
  }

  @Test
  void a100MiBBodyEndedByClosingIsCutAtTheSizeLimit() throws Exception {
    try (HostileServer server = HostileServer.plain(HostileServer.bodyUntilClose(100L << 20))) {
      Duration deadline = Duration.ofSeconds(3);
      Outcome<MotherDuckIoException> o = listTokens(server, deadline, MotherDuckIoException.class);
      assertThat(o.error().kind()).isEqualTo(IoFailure.REPLY_TOO_LARGE);
      assertThat(o.elapsed()).isLessThan(deadline);
      assertReadingStopped(server);
    }
  }

  /** The server could write little past the limit before the client dropped the connection. */
  private static void assertReadingStopped(HostileServer server) throws InterruptedException {
    assertThat(server.awaitDropped(Duration.ofSeconds(2))).as("the server saw the connection closed").isTrue();
    assertThat(server.bytesWritten()).isLessThan(HttpTransport.MAX_REPLY_BYTES + SOCKET_SLACK);
  }

  @Test
  void malformedJsonIsATypedErrorWithoutTheBody() throws Exception {
    String body = "{\"tokens\": [{\"id\": \"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlX3g\"";
    try (HostileServer server = HostileServer.plain(HostileServer.replyAndClose(200, "application/json", body))) {
      Outcome<MotherDuckMalformedResponseException> o =
          listTokens(server, DEADLINE, MotherDuckMalformedResponseException.class);
      assertThat(o.error().getMessage()).isEqualTo("MotherDuck listTokens for 'svc' failed: HTTP 200: malformed reply from "
          + "GET /v1/users/{username}/tokens: invalid JSON at line 1, column " + (body.length() + 1));
      assertThat(o.elapsed()).isLessThan(DEADLINE);
    }
  }

  @Test
  void aReplyThatIsNotDeclaredJsonIsRefusedEvenIfItParses() throws Exception {
    for (String type : new String[] {"text/html; charset=utf-8", "text/plain"}) {
      try (HostileServer server = HostileServer.plain(HostileServer.replyAndClose(200, type, "{\"tokens\":[]}"))) {
        Outcome<MotherDuckMalformedResponseException> o =
            listTokens(server, DEADLINE, MotherDuckMalformedResponseException.class);
        assertThat(o.error().getMessage()).isEqualTo("MotherDuck listTokens for 'svc' failed: HTTP 200: malformed reply from "
            + "GET /v1/users/{username}/tokens: content type '" + type.split(";")[0] + "' is not JSON");
        assertThat(o.elapsed()).isLessThan(DEADLINE);
      }
    }
  }

  /** A create answered by a proxy's page may still have minted a token: the caller must look for it. */
  @Test
  void aCreateAnsweredWithAnHtmlPageIsAnUnknownOutcome() throws Exception {
    String page = "<html><body>Access denied by proxy</body></html>";
    try (HostileServer server = HostileServer.plain(HostileServer.replyAndClose(200, "text/html", page))) {
      TokenOutcomeUnknownException e = catchThrowableOfType(() -> client(server, DEADLINE).createToken("svc",
          TokenRequest.of("gen-1", Duration.ofSeconds(300), TokenType.READ_WRITE)), TokenOutcomeUnknownException.class);
      assertThat(e.tokenName()).isEqualTo("gen-1");
      assertThat(e.getCause()).isInstanceOf(MotherDuckMalformedResponseException.class)
          .hasMessageEndingWith("content type 'text/html' is not JSON");
    }
  }

  /** A content type that is not a plain media type is not echoed (it is server text of any length). */
  @Test
  void anOddContentTypeIsNotQuoted() throws Exception {
    String odd = "text/x-" + "a".repeat(200);
    try (HostileServer server = HostileServer.plain(HostileServer.replyAndClose(200, odd, "{}"))) {
      MotherDuckMalformedResponseException e = catchThrowableOfType(
          () -> client(server, DEADLINE).listTokens("svc"), MotherDuckMalformedResponseException.class);
      assertThat(e.getMessage()).endsWith(": content type (not shown) is not JSON");
    }
  }
}
