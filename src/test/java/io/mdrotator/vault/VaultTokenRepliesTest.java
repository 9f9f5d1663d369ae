package io.mdrotator.vault;

import static io.mdrotator.testing.HostileServer.json;
import static io.mdrotator.testing.HostileServer.reply;
import static io.mdrotator.testing.HostileServer.route;
import static io.mdrotator.vault.VaultHostileServerTest.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mdrotator.port.ApiCallListener;
import io.mdrotator.secret.Secret;
import io.mdrotator.testing.HostileServer;
import io.mdrotator.testing.HostileServer.Script;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Token replies without the fields md-rotator relies on are malformed replies, not defaults. The
 * driver read a lookup or renewal it could not parse as a lease of 0, which the session takes
 * as "never expires": renewal would have stopped for good.
 */
@Timeout(30)
class VaultTokenRepliesTest {
  private static VaultKvStore store(HostileServer server, VaultAuth auth) {
    return VaultKvStore.builder().address(server.uri()).auth(auth).readTimeout(Duration.ofSeconds(2))
        .readRetries(0, Duration.ZERO).build();
  }

  private static VaultMalformedReplyException firstCallFails(Script script, VaultAuth auth) throws Exception {
    try (HostileServer server = HostileServer.plain(script)) {
      VaultMalformedReplyException e =
          catchThrowableOfType(() -> store(server, auth).readLatest("p"), VaultMalformedReplyException.class);
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("hvs.issued");
      return e;
    }
  }

  @Test
  void aLookupWithoutTtlIsMalformedNotEternal() throws Exception {
    VaultMalformedReplyException e = firstCallFails(
        json(200, "{\"data\":{\"renewable\":true,\"policies\":[\"default\"]}}"), VaultAuth.token(Secret.of(TOKEN)));
    assertThat(e.operation()).isEqualTo("lookup-self");
    assertThat(e.getMessage()).contains("no whole non-negative 'ttl'");
  }

  @Test
  void aLookupThatIsNotJsonIsMalformed() throws Exception {
    VaultMalformedReplyException e = firstCallFails(reply(200, "text/plain", "ok"), VaultAuth.token(Secret.of(TOKEN)));
    assertThat(e.getMessage()).contains("Content-Type 'text/plain', 2 bytes");
  }

  @Test
  void aLoginWithoutClientTokenIsMalformed() throws Exception {
    VaultMalformedReplyException e = firstCallFails(
        json(200, "{\"auth\":{\"lease_duration\":3600,\"renewable\":true}}"),
        VaultAuth.appRole(Secret.of("role"), Secret.of("sid")));
    assertThat(e.operation()).isEqualTo("login");
    assertThat(e.getMessage()).contains("auth/approle/login", "no 'auth.client_token'");
  }

  @Test
  void aLoginWithoutLeaseIsMalformed() throws Exception {
    VaultMalformedReplyException e = firstCallFails(
        json(200, "{\"auth\":{\"client_token\":\"hvs.issued\",\"renewable\":true}}"),
        VaultAuth.appRole(Secret.of("role"), Secret.of("sid")));
    assertThat(e.getMessage()).contains("no whole non-negative 'lease_duration'");
  }

  @Test
  void aRenewalWithoutAuthIsMalformed() throws Exception {
    Script s = route(json(200, "{\"auth\":null,\"data\":null}"),
        "GET /v1/auth/token/lookup-self", json(200, "{\"data\":{\"ttl\":60,\"renewable\":true}}"));
    try (HostileServer server = HostileServer.plain(s)) {
      VaultKvStore store = store(server, VaultAuth.token(Secret.of(TOKEN)));
      TokenCalls calls = new TokenCalls(store.session().connection(), new DriverCalls(ApiCallListener.NOOP));
      assertThat(calls.lookupSelf(Secret.of(TOKEN))).isEqualTo(new TokenCalls.Grant(null, 60, true));
      VaultMalformedReplyException e =
          catchThrowableOfType(() -> calls.renewSelf(Secret.of(TOKEN)), VaultMalformedReplyException.class);
      assertThat(e.getMessage()).contains("renew-self", "no 'auth' object");
    }
  }
}
