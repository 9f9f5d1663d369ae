package io.mdrotator.vault;

import io.mdrotator.port.KvData;
import static io.mdrotator.testing.HostileServer.endlessBody;
import static io.mdrotator.testing.HostileServer.json;
import static io.mdrotator.testing.HostileServer.route;
import static io.mdrotator.testing.HostileServer.slowBody;
import static io.mdrotator.vault.VaultHostileServerTest.LOOKUP;
import static io.mdrotator.vault.VaultHostileServerTest.MARGIN;
import static io.mdrotator.vault.VaultHostileServerTest.ONE_SECOND;
import static io.mdrotator.vault.VaultHostileServerTest.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mdrotator.port.ApiCallListener;
import io.mdrotator.secret.Secret;
import io.mdrotator.testing.HostileServer;
import io.mdrotator.testing.HostileServer.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of Vault call, on our REST path or the driver's API, is bounded: an endless body stops
 * at the cap, a 1 byte/s body at the deadline, each with a typed exception naming the operation
 * and the request. The other calls a case needs first (token lookup, metadata read after a lost
 * write) are answered normally.
 */
@Timeout(30)
class VaultCallPathLimitsTest {
  @TempDir static Path dir;

  /** A call under test: its operation name, the request line it sends, its auth and the call itself. */
  record Call(String operation, String request, String auth, Consumer<VaultKvStore> run) {
    @Override
    public String toString() {
      return operation + " (" + request + ")";
    }
  }

  static Stream<Call> calls() {
    return Stream.of(
        new Call("read", "GET /v1/secret/data/p", "token", s -> s.readLatest("p")),
        new Call("read-version", "GET /v1/secret/data/p", "token", s -> s.readVersion("p", 3)),
        new Call("read-metadata", "GET /v1/secret/metadata/p", "token", s -> s.readMetadata("p")),
        new Call("write-cas", "POST /v1/secret/data/p", "token", s -> s.writeCas("p", KvData.of(Map.of("k", "v")), 0)),
        new Call("write-metadata", "POST /v1/secret/metadata/p", "token", s -> s.writeCustomMetadata("p", Map.of("a", "b"))),
        new Call("soft-delete", "DELETE /v1/secret/data/p", "token", s -> s.softDeleteLatest("p")),
        new Call("destroy-all", "DELETE /v1/secret/metadata/p", "token", s -> s.destroyAll("p")),
        new Call("lookup-self", "GET /v1/auth/token/lookup-self", "token", s -> s.readLatest("p")),
        new Call("renew-self", "POST /v1/auth/token/renew-self", "token",
            s -> new TokenCalls(s.session().connection(), new DriverCalls(ApiCallListener.NOOP)).renewSelf(Secret.of(TOKEN))),
        new Call("login", "POST /v1/auth/approle/login", "approle", s -> s.readLatest("p")),
        new Call("login", "POST /v1/auth/kubernetes/login", "kubernetes", s -> s.readLatest("p")));
  }

  /** {@code hostile} for the call's request; the token lookup and a metadata read answered normally. */
  private static Script script(Call call, Script hostile) {
    return route(json(404, "{\"errors\":[]}"), call.request(), hostile,
        "GET /v1/auth/token/lookup-self", json(200, LOOKUP));
  }

  private static VaultKvStore store(HostileServer server, String auth, Duration deadline) throws Exception {
    VaultAuth a = switch (auth) {
      case "token" -> VaultAuth.token(Secret.of(TOKEN));
      case "approle" -> VaultAuth.appRole(Secret.of("role"), Secret.of("secret-id-value"));
      default -> VaultAuth.kubernetes("md-rotator", Files.writeString(dir.resolve("jwt"), "jwt-value"));
    };
    return VaultKvStore.builder().address(server.uri()).auth(a).openTimeout(ONE_SECOND).readTimeout(deadline)
        .readRetries(0, Duration.ZERO).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void anEndlessReplyStopsAtTheCap(Call call) throws Exception {
    try (HostileServer server = HostileServer.plain(script(call, endlessBody()))) {
      VaultKvStore store = store(server, call.auth(), Duration.ofSeconds(3));
      VaultReplyTooLargeException e = catchThrowableOfType(() -> call.run().accept(store), VaultReplyTooLargeException.class);
      assertThat(e).isNotNull();
      assertThat(e.operation()).isEqualTo(call.operation());
      assertThat(e.getMessage()).contains(call.request(), "over the limit of " + VaultConnection.MAX_REPLY_BYTES + " bytes")
          .doesNotContain(TOKEN).doesNotContain("secret-id-value").doesNotContain("jwt-value");
      assertThat(e.bytesReceived()).isLessThan(VaultConnection.MAX_REPLY_BYTES + (1 << 20));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void aOneBytePerSecondReplyEndsAtTheDeadline(Call call) throws Exception {
    try (HostileServer server = HostileServer.plain(script(call, slowBody(ONE_SECOND)))) {
      VaultKvStore store = store(server, call.auth(), ONE_SECOND);
      if (call.auth().equals("token") && !call.operation().equals("lookup-self")) {
        store.session().maintain(); // the lookup, outside the timed call (unless it is the call)
      }
      long start = System.nanoTime();
      VaultDeadlineExceededException e =
          catchThrowableOfType(() -> call.run().accept(store), VaultDeadlineExceededException.class);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e).isNotNull();
      assertThat(e.operation()).isEqualTo(call.operation());
      assertThat(e.getMessage()).contains(call.request(), "deadline of 1.0 s", "HTTP 200 headers")
          .doesNotContain(TOKEN).doesNotContain("secret-id-value").doesNotContain("jwt-value");
      assertThat(elapsed).isLessThanOrEqualTo(ONE_SECOND.plus(MARGIN));
    }
  }
}
