package io.mdrotator.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mdrotator.secret.Secret;
import io.mdrotator.emulator.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which capability on which path each request needs, over raw HTTP, and Vault's 403 when it is missing. */
class VaultAclHttpTest {
  private static final String DENIED = "{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\"]}";
  private static final Duration HOUR = Duration.ofHours(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
  private VaultEmulator vault;
  private String root;
  private int policies;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start(VaultEmulatorOptions.defaults().clock(clock).rootToken("root-token-for-acl-tests"));
    root = vault.rootToken().reveal();
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  /** A token with exactly one new policy, {@code p1}, {@code p2}, ... (no default policy). */
  private String token(String hcl) {
    String name = "p" + (++policies);
    vault.addPolicy(AclPolicy.parse(name, hcl));
    return vault.createToken(List.of(name), HOUR, null, true, true).reveal();
  }

  private HttpResponse<String> call(String method, String path, String body, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-Vault-Token", token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int status(String method, String path, String body, String token) throws IOException, InterruptedException {
    return call(method, path, body, token).statusCode();
  }

  @Test
  void dataWriteIsCreateForANewKeyAndUpdateOnceItExists() throws Exception {
    String createOnly = token("path \"secret/data/*\" { capabilities = [\"create\"] }");
    HttpResponse<String> first = call("POST", "secret/data/a", "{\"data\":{\"k\":\"1\"}}", createOnly);
    assertThat(first.statusCode()).isEqualTo(200);
    HttpResponse<String> second = call("POST", "secret/data/a", "{\"data\":{\"k\":\"2\"}}", createOnly);
    assertThat(second.statusCode()).isEqualTo(403);
    assertThat(second.body()).isEqualTo(DENIED);
    assertThat(vault.currentVersion("a")).as("refused before the handler").isEqualTo(1);
    assertThat(vault.aclDenials()).containsExactly(new AclDenial("POST", "secret/data/a", "update", List.of("p1")));

    String updateOnly = token("path \"secret/data/*\" { capabilities = [\"update\"] }");
    assertThat(status("POST", "secret/data/b", "{\"data\":{\"k\":\"1\"}}", updateOnly)).isEqualTo(403);
    assertThat(status("POST", "secret/data/a", "{\"data\":{\"k\":\"2\"}}", updateOnly)).isEqualTo(200);
  }

  @Test
  void aKeyWhoseMetadataWasWrittenFirstExistsForItsFirstDataWrite() throws Exception {
    assertThat(status("POST", "secret/metadata/m", "{\"cas_required\":true}", root)).isEqualTo(204);
    String updateOnly = token("path \"secret/data/*\" { capabilities = [\"update\"] }");

    assertThat(status("POST", "secret/data/m", "{\"data\":{\"k\":\"1\"},\"options\":{\"cas\":0}}", updateOnly)).isEqualTo(200);
    assertThat(vault.aclDenials()).isEmpty();
  }

  @Test
  void metadataWriteIsCreateThenUpdate() throws Exception {
    String createOnly = token("path \"secret/metadata/*\" { capabilities = [\"create\"] }");
    String body = "{\"custom_metadata\":{\"owner\":\"x\"}}";

    assertThat(status("POST", "secret/metadata/k", body, createOnly)).isEqualTo(204);
    assertThat(status("POST", "secret/metadata/k", body, createOnly)).isEqualTo(403);
    assertThat(vault.aclDenials()).extracting(AclDenial::capability).containsExactly("update");
  }

  @Test
  void readListAndDeletesNeedTheirOwnCapabilities() throws Exception {
    call("POST", "secret/data/dir/k", "{\"data\":{\"k\":\"1\"}}", root);
    String readOnly = token("path \"secret/*\" { capabilities = [\"read\"] }");

    assertThat(status("GET", "secret/data/dir/k", null, readOnly)).isEqualTo(200);
    assertThat(status("GET", "secret/metadata/dir/k", null, readOnly)).isEqualTo(200);
    assertThat(status("LIST", "secret/metadata/dir", null, readOnly)).isEqualTo(403);
    assertThat(status("GET", "secret/metadata/dir?list=true", null, readOnly)).isEqualTo(403);
    assertThat(status("DELETE", "secret/data/dir/k", null, readOnly)).isEqualTo(403);
    assertThat(status("DELETE", "secret/metadata/dir/k", null, readOnly)).isEqualTo(403);
    for (String op : List.of("delete", "undelete", "destroy")) {
      assertThat(status("POST", "secret/" + op + "/dir/k", "{\"versions\":[1]}", readOnly)).as(op).isEqualTo(403);
    }
    assertThat(vault.aclDenials()).extracting(AclDenial::path, AclDenial::capability).containsExactly(
        tuple("secret/metadata/dir/", "list"),
        tuple("secret/metadata/dir/", "list"),
        tuple("secret/data/dir/k", "delete"),
        tuple("secret/metadata/dir/k", "delete"),
        tuple("secret/delete/dir/k", "update"),
        tuple("secret/undelete/dir/k", "update"),
        tuple("secret/destroy/dir/k", "update"));
    assertThat(vault.currentData("dir/k")).as("nothing deleted").isPresent();
  }

  @Test
  void versionEndpointsAreUpdateEvenForAKeyThatDoesNotExist() throws Exception {
    String updateOnly = token("path \"secret/destroy/*\" { capabilities = [\"update\"] }");

    assertThat(status("POST", "secret/destroy/nothing", "{\"versions\":[1]}", updateOnly)).isEqualTo(204);
  }

  @Test
  void selfLookupAndRenewalNeedAGrantOrTheDefaultPolicy() throws Exception {
    String bare = token("path \"secret/*\" { capabilities = [\"read\"] }");
    assertThat(status("GET", "auth/token/lookup-self", null, bare)).isEqualTo(403);
    assertThat(status("POST", "auth/token/renew-self", "{}", bare)).isEqualTo(403);

    String withDefault = vault.createToken(List.of("p1"), HOUR, null, true).reveal();
    assertThat(status("GET", "auth/token/lookup-self", null, withDefault)).isEqualTo(200);
    assertThat(status("POST", "auth/token/renew-self", "{}", withDefault)).isEqualTo(200);

    String granted = token("""
        path "auth/token/lookup-self" { capabilities = ["read"] }
        path "auth/token/renew-self" { capabilities = ["update"] }
        """);
    assertThat(status("GET", "auth/token/lookup-self", null, granted)).isEqualTo(200);
    assertThat(status("POST", "auth/token/renew-self", "{}", granted)).isEqualTo(200);
    assertThat(vault.aclDenials()).extracting(AclDenial::path, AclDenial::capability).containsExactly(
        tuple("auth/token/lookup-self", "read"),
        tuple("auth/token/renew-self", "update"));
  }

  @Test
  void appRoleTokensGetTheDefaultPolicyUnlessTheRoleSaysNo() throws Exception {
    vault.addPolicy(AclPolicy.parse("app", "path \"secret/data/*\" { capabilities = [\"read\"] }"));
    vault.addAppRole("with", "rid-1", Secret.of("sid-1"), List.of("app"), HOUR, null);
    vault.addAppRole("without", "rid-2", Secret.of("sid-2"), List.of("app"), HOUR, null, true);

    String with = loginToken("rid-1", "sid-1");
    String without = loginToken("rid-2", "sid-2");

    assertThat(status("GET", "auth/token/lookup-self", null, with)).isEqualTo(200);
    assertThat(status("GET", "auth/token/lookup-self", null, without)).isEqualTo(403);
    assertThat(vault.tokens()).filteredOn(t -> t.id().equals(without)).singleElement()
        .satisfies(t -> assertThat(t.policies()).containsExactly("app"));
  }

  private String loginToken(String roleId, String secretId) throws Exception {
    String body = call("POST", "auth/approle/login", "{\"role_id\":\"" + roleId + "\",\"secret_id\":\"" + secretId + "\"}", null).body();
    int at = body.indexOf("\"client_token\":\"") + 16;
    return body.substring(at, body.indexOf('"', at));
  }

  @Test
  void healthNeedsNoTokenAndRootNeedsNoPolicy() throws Exception {
    assertThat(status("GET", "sys/health", null, null)).isEqualTo(200);
    assertThat(status("POST", "secret/data/r", "{\"data\":{\"k\":\"1\"}}", root)).isEqualTo(200);
    assertThat(status("DELETE", "secret/metadata/r", null, root)).isEqualTo(204);
    assertThat(status("LIST", "secret/metadata/", null, root)).isEqualTo(404);
    assertThat(vault.aclDenials()).isEmpty();
  }

  @Test
  void aPathOnNoMountIsRefusedBeforeItIsReportedMissing() throws Exception {
    String t = token("path \"secret/*\" { capabilities = [\"read\"] }");

    assertThat(status("GET", "nomount/data/x", null, t)).isEqualTo(403);
    assertThat(status("GET", "nomount/data/x", null, root)).isEqualTo(404);
  }

  @Test
  void aReplacedPolicyAppliesToTheNextRequestOfATokenAlreadyIssued() throws Exception {
    String t = token("path \"secret/data/*\" { capabilities = [\"read\"] }");
    call("POST", "secret/data/a", "{\"data\":{\"k\":\"1\"}}", root);
    assertThat(status("GET", "secret/data/a", null, t)).isEqualTo(200);

    vault.addPolicy(AclPolicy.parse("p1", "path \"secret/data/*\" { capabilities = [\"deny\"] }"));

    assertThat(status("GET", "secret/data/a", null, t)).isEqualTo(403);
  }
}
