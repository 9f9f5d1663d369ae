package io.mdrotator.motherduck;

import io.mdrotator.policy.TokenType;
import io.mdrotator.port.IoFailure;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckIoException;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.port.TokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failure without a usable HTTP reply says what happened (refused, reset, dropped, timed out,
 * cut off, retries used up), with its {@link IoFailure} kind, and never a secret.
 */
class IoFailureMessagesTest {
  static final Secret ADMIN = Secret.of("admin-token-for-io-messages");
  MotherDuckEmulator emu;
  MotherDuckClient client;
  String host;

  @BeforeEach
  void start() {
    emu = MotherDuckEmulator.start(EmulatorOptions.builder(ADMIN).accounts(List.of("svc")).build());
    client = builder(emu.baseUri()).build();
    host = emu.baseUri().getHost() + ":" + emu.baseUri().getPort();
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  static MotherDuckClient.Builder builder(URI base) {
    return MotherDuckClient.builder().baseUrl(base).adminToken(ADMIN).requestsPerSecond(0)
        .requestTimeout(Duration.ofMillis(400)).maxRetries(3).maxRetryTime(Duration.ofSeconds(10))
        .backoff(Duration.ofMillis(5), Duration.ofMillis(40));
  }

  static TokenRequest req(String name) {
    return TokenRequest.of(name, Duration.ofSeconds(300), TokenType.READ_WRITE);
  }

  @Test
  void refusedConnectionIsNamedAndCountsTheAttempts() {
    emu.close();
    MotherDuckIoException e = catchThrowableOfType(() -> client.listTokens("svc"), MotherDuckIoException.class);
    assertThat(e.kind()).isEqualTo(IoFailure.CONNECTION_REFUSED);
    assertThat(e.attempts()).isEqualTo(4);
    assertThat(e.getMessage()).isEqualTo("MotherDuck listTokens for 'svc' failed: GET /v1/users/{username}/tokens: "
        + "connection refused by " + host + "; the request was not sent; gave up after 4 attempts");
  }

  @Test
  void droppedReplyOfACreateIsOutcomeUnknownAndSaysSo() {
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.commitThenDrop().times(1));
    TokenOutcomeUnknownException e =
        catchThrowableOfType(() -> client.createToken("svc", req("gen-7")), TokenOutcomeUnknownException.class);
    assertThat(e.getMessage()).isEqualTo("MotherDuck createToken for 'svc' failed: outcome unknown for token 'gen-7'"
        + " (a token may exist; list the tokens to find it): POST /v1/users/{username}/tokens: connection closed by "
        + host + " with no reply after the request was sent; the request may have been processed");
    assertThat(((MotherDuckIoException) e.getCause()).kind()).isEqualTo(IoFailure.REPLY_DROPPED);
  }

  @Test
  void replyTimeoutNamesTheTimeout() {
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.latency(Duration.ofMillis(1200)).times(1));
    TokenOutcomeUnknownException e =
        catchThrowableOfType(() -> client.createToken("svc", req("slow")), TokenOutcomeUnknownException.class);
    assertThat(e.getMessage()).endsWith(": POST /v1/users/{username}/tokens: no reply within the request timeout of"
        + " 400ms after the request was sent; the request may have been processed");
    assertThat(((MotherDuckIoException) e.getCause()).kind()).isEqualTo(IoFailure.REPLY_TIMEOUT);
  }

  @Test
  void gatewayStatusOfACreateIsNamedInTheOutcomeUnknownMessage() {
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.status(503).times(1));
    TokenOutcomeUnknownException e =
        catchThrowableOfType(() -> client.createToken("svc", req("gw")), TokenOutcomeUnknownException.class);
    assertThat(e.getMessage()).isEqualTo("MotherDuck createToken for 'svc' failed: outcome unknown for token 'gw'"
        + " (a token may exist; list the tokens to find it): HTTP 503: non-JSON body: Service Unavailable");
    assertThat(((MotherDuckApiException) e.getCause()).status()).isEqualTo(503);
  }

  @Test
  void lastStatusAfterRetriesAreUsedUpIsNamed() {
    emu.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.reset().times(2));
    emu.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.status(503));
    MotherDuckApiException e = catchThrowableOfType(() -> client.listTokens("svc"), MotherDuckApiException.class);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.attempts()).isEqualTo(4);
    assertThat(e.getMessage()).isEqualTo("MotherDuck listTokens for 'svc' failed: HTTP 503: non-JSON body: "
        + "Service Unavailable; gave up after 4 attempts");
  }

  @Test
  void truncatedBodyNamesTheStatusAndTheByteCounts() {
    emu.faults().add(MotherDuckEmulator.GET_DUCKLINGS, Fault.truncated());
    MotherDuckIoException e = catchThrowableOfType(() -> client.getDucklings("svc"), MotherDuckIoException.class);
    assertThat(e.kind()).isEqualTo(IoFailure.REPLY_TRUNCATED);
    assertThat(e.getMessage()).startsWith("MotherDuck getDucklings for 'svc' failed: GET /v1/users/{username}/instances: "
        + "reply HTTP 200 cut off while reading its body (").contains("bytes received").endsWith("; gave up after 4 attempts");
  }

  @Test
  void clientSideRateLimitWaitIsNamed() {
    MotherDuckClient slow = builder(emu.baseUri()).requestsPerSecond(0.1).maxRetryTime(Duration.ofMillis(100)).build();
    slow.listTokens("svc");
    MotherDuckIoException e = catchThrowableOfType(() -> slow.listTokens("svc"), MotherDuckIoException.class);
    assertThat(e.kind()).isEqualTo(IoFailure.RATE_LIMIT_WAIT);
    assertThat(e.mayHaveReachedServer()).isFalse();
    assertThat(e.getMessage()).isEqualTo("MotherDuck listTokens for 'svc' failed: GET /v1/users/{username}/tokens: "
        + "client-side rate limit: no permit within 500ms; the request was not sent");
  }

  @Test
  void resetConnectionIsNamed() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> resetEach(server), "reset-server");
      t.setDaemon(true);
      t.start();
      URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
      TokenOutcomeUnknownException e = catchThrowableOfType(
          () -> builder(base).build().createToken("svc", req("r")), TokenOutcomeUnknownException.class);
      MotherDuckIoException io = (MotherDuckIoException) e.getCause();
      assertThat(io.kind()).isEqualTo(IoFailure.CONNECTION_RESET);
      assertThat(e.getMessage()).endsWith(": POST /v1/users/{username}/tokens: connection reset by 127.0.0.1:"
          + server.getLocalPort() + " before a reply, after the request was sent; the request may have been processed");
      assertThat(e.getMessage()).doesNotContain(ADMIN.reveal());
    }
  }

  /** Reads each request, then closes with SO_LINGER 0: the client gets a TCP RST. */
  private static void resetEach(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        s.setSoTimeout(200);
        try {
          while (in.read(buf) > 0) { } // the whole request (headers and body), then the reset
        } catch (java.net.SocketTimeoutException sent) {
          // nothing more is coming
        }
        s.setSoLinger(true, 0);
      } catch (IOException e) {
        return;
      }
    }
  }
}
