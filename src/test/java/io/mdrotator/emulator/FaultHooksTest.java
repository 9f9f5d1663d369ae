package io.mdrotator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault-matrix hooks of both emulators, over raw HTTP: admin token replacement, reply rewrites,
 * truncated and malformed replies, server-side token expiry, and the documented error bodies.
 */
class FaultHooksTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ADMIN = "hooks-admin-token";
  private static final String CREATE = "{\"name\":\"t\",\"ttl\":600,\"token_type\":\"read_write\"}";
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private MotherDuckEmulator md;
  private VaultEmulator vault;

  @BeforeEach
  void start() {
    md = MotherDuckEmulator.start(EmulatorOptions.builder(Secret.of(ADMIN)).accounts(List.of("alpha", "beta")).build());
    vault = VaultEmulator.start(VaultEmulatorOptions.defaults().rootToken("hooks-root-token"));
  }

  @AfterEach
  void stop() {
    md.close();
    vault.close();
  }

  private HttpResponse<String> md(String method, String path, String bearer, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(md.baseUri() + path)).timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> vault(String method, String path, String body, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path)).timeout(Duration.ofSeconds(5))
        .header("X-Vault-Token", token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void replacedAdminTokenIsRefusedWithTheDocumented401() throws Exception {
    md.replaceAdminToken(Secret.of("hooks-admin-token-2"));
    HttpResponse<String> old = md("GET", "/v1/users/alpha/tokens", ADMIN, null);
    assertThat(old.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(old.body()).path("code").asString()).isEqualTo("UNAUTHORIZED");
    assertThat(JSON.readTree(old.body()).path("message").asString()).isEqualTo("Invalid Credentials");
    assertThat(md("GET", "/v1/users/alpha/tokens", "hooks-admin-token-2", null).statusCode()).isEqualTo(200);
  }

  @Test
  void rewritesApplyToTheNamedEndpointAndUserForTheGivenTimes() throws Exception {
    md.rewriteReplies(MotherDuckEmulator.LIST_TOKENS, "alpha", body -> "<html>oops</html>", 1);
    assertThat(md("GET", "/v1/users/beta/tokens", ADMIN, null).body()).startsWith("{\"tokens\"");
    assertThat(md("GET", "/v1/users/alpha/tokens", ADMIN, null).body()).isEqualTo("<html>oops</html>");
    assertThat(md("GET", "/v1/users/alpha/tokens", ADMIN, null).body()).startsWith("{\"tokens\"");

    md.rewriteReplies(MotherDuckEmulator.CREATE_TOKEN, null, body -> "{}", Fault.UNLIMITED);
    assertThat(md("POST", "/v1/users/beta/tokens", ADMIN, CREATE).body()).isEqualTo("{}");
    assertThat(md.liveTokens("beta")).as("the operation took effect").hasSize(1);
    md.clearRewrites();
    assertThat(md("POST", "/v1/users/beta/tokens", ADMIN, CREATE).body()).contains("\"token\"");
    assertThat(md("GET", "/v1/users/missing/tokens", ADMIN, null).statusCode()).as("errors untouched").isEqualTo(404);
  }

  @Test
  void truncatedAndMalformedCommitTheOperation() throws Exception {
    md.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.truncated().times(1));
    assertThatThrownBy(() -> md("POST", "/v1/users/alpha/tokens", ADMIN, CREATE)).isInstanceOf(IOException.class);
    assertThat(md.liveTokens("alpha")).hasSize(1);
    md.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.malformed().times(1));
    HttpResponse<String> r = md("POST", "/v1/users/alpha/tokens", ADMIN, CREATE);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> JSON.readTree(r.body())).isInstanceOf(RuntimeException.class);
    assertThat(md.liveTokens("alpha")).hasSize(2);
  }

  @Test
  void motherDuckStatusFaultsUseTheDocumentedBodies() throws Exception {
    md.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.status(403).times(1));
    md.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.status(401).times(1));
    HttpResponse<String> forbidden = md("GET", "/v1/users/alpha/tokens", ADMIN, null);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).isEqualTo(
        "{\"message\":\"Unauthorized\",\"code\":\"FORBIDDEN\",\"issues\":[{\"message\":\"minimum role org_admin is required\"}]}");
    HttpResponse<String> unauthorized = md("GET", "/v1/users/alpha/tokens", ADMIN, null);
    assertThat(unauthorized.body()).isEqualTo("{\"message\":\"Invalid Credentials\",\"code\":\"UNAUTHORIZED\",\"issues\":[]}");
  }

  @Test
  void vaultTokenExpiredServerSideIsRefused() throws Exception {
    Secret t = vault.createToken(List.of("root"), Duration.ofHours(1), null, true);
    assertThat(vault("GET", "auth/token/lookup-self", null, t.reveal()).statusCode()).isEqualTo(200);
    assertThat(vault.expireToken(t)).isTrue();
    HttpResponse<String> r = vault("GET", "secret/data/x", null, t.reveal());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("permission denied");
    assertThat(vault.expireToken(Secret.of("hvs.unknown"))).isFalse();
  }

  @Test
  void vaultStatusFaultsUseVaultsOwnErrorText() throws Exception {
    String root = vault.rootToken().reveal();
    for (int status : new int[] {403, 405, 413, 423, 412, 503}) {
      vault.faults().clear();
      vault.faults().add("kvRead", Fault.status(status).times(1));
      HttpResponse<String> r = vault("GET", "secret/data/x", null, root);
      assertThat(r.statusCode()).isEqualTo(status);
      String error = JSON.readTree(r.body()).path("errors").get(0).asString();
      assertThat(error).as("status %d", status).isEqualTo(switch (status) {
        case 403 -> "1 error occurred:\n\t* permission denied\n\n";
        case 405 -> "unsupported operation";
        case 413 -> "error parsing JSON";
        case 423 -> "API access to this namespace has been locked by an administrator";
        case 412 -> "required index state not present";
        default -> "Vault is sealed";
      });
    }
  }

  @Test
  void vaultMalformedIsACompleteReplyAndTruncatedIsCutShort() throws Exception {
    String root = vault.rootToken().reveal();
    vault.faults().add("kvWrite", Fault.malformed().times(1));
    HttpResponse<String> r = vault("POST", "secret/data/x", "{\"data\":{\"a\":\"1\"}}", root);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> JSON.readTree(r.body())).isInstanceOf(RuntimeException.class);
    assertThat(vault.currentVersion("x")).isEqualTo(1);
    vault.faults().add("kvWrite", Fault.truncated().times(1));
    assertThatThrownBy(() -> vault("POST", "secret/data/x", "{\"data\":{\"a\":\"2\"}}", root)).isInstanceOf(IOException.class);
    assertThat(vault.currentVersion("x")).isEqualTo(2);
  }
}
