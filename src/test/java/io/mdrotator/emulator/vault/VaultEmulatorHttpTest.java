package io.mdrotator.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Vault's exact wire behaviour (doc section 2), checked over raw HTTP. */
class VaultEmulatorHttpTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
  private VaultEmulator vault;
  private String root;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start(VaultEmulatorOptions.defaults().clock(clock).rootToken("root-token-for-tests"));
    root = vault.rootToken().reveal();
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String token, String ns) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-Vault-Token", token);
    }
    if (ns != null) {
      b.header("X-Vault-Namespace", ns);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
    return call(method, path, body, root, null);
  }

  private static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }

  @Test
  void writeAndReadWithExactEnvelopeAndContentType() throws Exception {
    HttpResponse<String> w = call("POST", "secret/data/a", "{\"data\":{\"k\":\"v1\"},\"options\":{\"cas\":0}}");
    assertThat(w.statusCode()).isEqualTo(200);
    assertThat(w.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(json(w).get("data").get("version").asInt()).isEqualTo(1);
    assertThat(json(w).get("data").get("deletion_time").asString()).isEmpty();
    HttpResponse<String> r = call("GET", "secret/data/a", null);
    JsonNode body = json(r);
    assertThat(body.propertyNames()).contains("request_id", "lease_id", "renewable", "lease_duration", "data",
        "wrap_info", "warnings", "auth", "mount_type");
    assertThat(body.get("data").get("data").get("k").asString()).isEqualTo("v1");
    assertThat(body.get("data").get("metadata").get("created_time").asString()).isEqualTo("2026-11-28T00:00:00Z");
    assertThat(body.get("data").get("metadata").get("custom_metadata").isNull()).isTrue();
  }

  @Test
  void casRulesAndErrorStrings() throws Exception {
    call("POST", "secret/data/a", "{\"data\":{\"k\":\"v1\"}}");
    assertThat(call("POST", "secret/data/a", "{\"data\":{\"k\":\"v2\"},\"options\":{\"cas\":0}}").body())
        .isEqualTo("{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
    assertThat(call("POST", "secret/data/a", "{\"options\":{\"cas\":1}}").body()).isEqualTo("{\"errors\":[\"no data provided\"]}");
    assertThat(call("POST", "secret/data/a", "{\"data\":{},\"options\":{\"cas\":\"x\"}}").body())
        .contains("error parsing check-and-set parameter");
    call("POST", "secret/metadata/a", "{\"cas_required\":true}");
    HttpResponse<String> noCas = call("POST", "secret/data/a", "{\"data\":{\"k\":\"v2\"}}");
    assertThat(noCas.statusCode()).isEqualTo(400);
    assertThat(noCas.body()).contains("check-and-set parameter required for this call");
    assertThat(call("POST", "secret/data/a", "{\"data\":{\"k\":\"v2\"},\"options\":{\"cas\":1}}").statusCode()).isEqualTo(200);
  }

  @Test
  void notFoundShapesAndSoftDeletedReads() throws Exception {
    HttpResponse<String> missing = call("GET", "secret/data/nope", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"errors\":[]}");
    assertThat(call("GET", "secret/metadata/nope", null).body()).isEqualTo("{\"errors\":[]}");
    call("POST", "secret/data/a", "{\"data\":{\"k\":\"v1\"}}");
    HttpResponse<String> del = call("DELETE", "secret/data/a", null);
    assertThat(del.statusCode()).isEqualTo(204);
    assertThat(del.body()).isEmpty();
    HttpResponse<String> deleted = call("GET", "secret/data/a", null);
    assertThat(deleted.statusCode()).isEqualTo(404);
    assertThat(json(deleted).get("data").get("data").isNull()).isTrue();
    assertThat(json(deleted).get("data").get("metadata").get("deletion_time").asString()).isNotEmpty();
    assertThat(call("POST", "secret/undelete/a", "{\"versions\":[1]}").statusCode()).isEqualTo(204);
    assertThat(call("GET", "secret/data/a", null).statusCode()).isEqualTo(200);
    assertThat(call("POST", "secret/destroy/a", "{}").body()).contains("no version number provided");
    assertThat(call("POST", "secret/delete/a", "{}").body()).contains("No version number provided");
  }

  @Test
  void maxVersionsTrimsTheOldest() throws Exception {
    call("POST", "secret/metadata/a", "{\"max_versions\":2}");
    for (int i = 1; i <= 3; i++) {
      call("POST", "secret/data/a", "{\"data\":{\"n\":\"" + i + "\"}}");
    }
    assertThat(call("GET", "secret/data/a?version=1", null).body()).isEqualTo("{\"errors\":[]}");
    JsonNode meta = json(call("GET", "secret/metadata/a", null)).get("data");
    assertThat(meta.get("current_version").asInt()).isEqualTo(3);
    assertThat(meta.get("oldest_version").asInt()).isEqualTo(2);
    assertThat(meta.get("versions").propertyNames()).containsExactlyInAnyOrder("2", "3");
    assertThat(meta.get("delete_version_after").asString()).isEqualTo("0s");
  }

  @Test
  void customMetadataValidation() throws Exception {
    HttpResponse<String> r = call("POST", "secret/metadata/a", "{\"custom_metadata\":{\"k\":\"\"}}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("errors").get(0).asString()).isEqualTo(
        "1 error occurred:\n\t* custom_metadata validation failed: length of value for key \"k\" is 0 but must be 0 < len(value) <= 512\n\n");
  }

  @Test
  void permissionDeniedSealedAndNamespaces() throws Exception {
    assertThat(call("GET", "secret/data/a", null, null, null).body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
    vault.addPolicy(AclPolicy.of("ro", "secret/data/*", "read"));
    String ro = vault.createToken(List.of("ro"), Duration.ofHours(1), null, true).reveal();
    HttpResponse<String> denied = call("POST", "secret/data/a", "{\"data\":{\"k\":\"v\"}}", ro, null);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).isEqualTo("{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\"]}");
    clock.advance(Duration.ofHours(1));
    assertThat(call("GET", "secret/data/a", null, ro, null).statusCode()).isEqualTo(403);

    call("POST", "secret/data/a", "{\"data\":{\"k\":\"root-ns\"}}", root, null);
    call("POST", "secret/data/a", "{\"data\":{\"k\":\"team\"}}", root, "team-a/");
    assertThat(json(call("GET", "secret/data/a", null, root, "team-a")).get("data").get("data").get("k").asString()).isEqualTo("team");

    vault.seal();
    HttpResponse<String> sealed = call("GET", "secret/data/a", null);
    assertThat(sealed.statusCode()).isEqualTo(503);
    assertThat(sealed.body()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}");
    HttpResponse<String> health = call("GET", "sys/health", null, null, null);
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(json(health).get("sealed").asBoolean()).isTrue();
    vault.unseal();
    assertThat(call("GET", "sys/health", null, null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void tokenLookupAndRenewal() throws Exception {
    String t = vault.createToken(List.of("default"), Duration.ofMinutes(30), Duration.ofHours(1), true).reveal();
    clock.advance(Duration.ofMinutes(10));
    JsonNode look = json(call("GET", "auth/token/lookup-self", null, t, null)).get("data");
    assertThat(look.get("ttl").asLong()).isEqualTo(1200);
    assertThat(look.get("policies").get(0).asString()).isEqualTo("default");
    HttpResponse<String> renew = call("POST", "auth/token/renew-self", "{\"increment\":\"2h\"}", t, null);
    assertThat(renew.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode auth = json(renew).get("auth");
    assertThat(auth.get("lease_duration").asLong()).isEqualTo(3000); // capped at max TTL
    assertThat(json(renew).get("warnings").get(0).asString()).contains("capped");
    assertThat(auth.get("policies").isArray()).isTrue();
  }

  @Test
  void appRoleLoginErrors() throws Exception {
    vault.addAppRole("r", "rid", io.mdrotator.secret.Secret.of("sid"), List.of("p"), Duration.ofHours(1), null);
    HttpResponse<String> bad = call("POST", "auth/approle/login", "{\"role_id\":\"rid\",\"secret_id\":\"nope\"}", null, null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("{\"errors\":[\"invalid role or secret ID\"]}");
    JsonNode ok = json(call("POST", "auth/approle/login", "{\"role_id\":\"rid\",\"secret_id\":\"sid\"}", null, null));
    assertThat(ok.get("auth").get("metadata").get("role_name").asString()).isEqualTo("r");
    assertThat(ok.get("auth").get("policies").toString()).isEqualTo("[\"default\",\"p\"]");
  }

  @Test
  void faultsReplaceOrFollowTheOperation() throws Exception {
    vault.faults().add("kvWrite", Fault.status(412).times(1));
    HttpResponse<String> r = call("POST", "secret/data/a", "{\"data\":{\"k\":\"v\"}}");
    assertThat(r.statusCode()).isEqualTo(412);
    assertThat(vault.currentVersion("a")).isZero();
    vault.faults().add("kvWrite", Fault.commitThenDrop().times(1));
    try {
      call("POST", "secret/data/a", "{\"data\":{\"k\":\"v\"}}");
    } catch (IOException expected) {
      // the reply is dropped after the write was committed
    }
    assertThat(vault.currentData("a")).contains(Map.of("k", "v"));
  }
}
