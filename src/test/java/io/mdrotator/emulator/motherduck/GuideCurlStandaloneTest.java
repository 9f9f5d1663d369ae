package io.mdrotator.emulator.motherduck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The curl commands of scripts/guide-curl.sh, run against the STANDALONE emulator started as a child process
 * ({@code Main emulator motherduck --port 0}). Uses curl when installed, else the JDK HttpClient
 * sending the same method, headers and body. Usernames are the guide's with underscores, since its
 * hyphens are invalid per the API reference; the token body has the guide's JSON comments removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuideCurlStandaloneTest {
  static final String ADMIN = "guide-admin-token";
  static final String SA = "my_service_account_001";
  static final String JSON = "Content-Type: application/json";
  static final String AUTH = "Authorization: Bearer " + ADMIN;

  Process child;
  String base;
  final boolean haveCurl = Files.isExecutable(Paths.get("/usr/bin/curl")) || Files.isExecutable(Paths.get("/bin/curl"));
  String tokenId;
  String saSecret;

  record Res(int status, String body) {
    JsonNode json() {
      return RawHttp.JSON.readTree(body);
    }
  }

  @BeforeAll
  void launch(@TempDir Path tmp) throws Exception {
    Path tokenFile = tmp.resolve("admin-token");
    Files.writeString(tokenFile, ADMIN + "\n");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.mdrotator.cli.Main",
        "emulator", "motherduck", "--port", "0", "--admin-token-file", tokenFile.toString(), "--accounts", "existing_sa")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    base = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(30, TimeUnit.SECONDS);
    assertThat(base).matches("http://127\\.0\\.0\\.1:\\d+");
  }

  @AfterAll
  void kill() throws InterruptedException {
    if (child != null) {
      child.destroy();
      if (!child.waitFor(5, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  Res curl(String method, String path, List<String> headers, String body) throws Exception {
    if (!haveCurl) {
      return jdk(method, path, headers, body);
    }
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-X", method, base + path));
    headers.forEach(h -> cmd.addAll(List.of("-H", h)));
    if (body != null) {
      cmd.addAll(List.of("-d", body));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    int nl = out.lastIndexOf('\n');
    return new Res(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, nl));
  }

  /** What curl sends: -d implies form content type unless a header overrides it, as in the guide. */
  Res jdk(String method, String path, List<String> headers, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    for (String h : headers) {
      int c = h.indexOf(':');
      b.header(h.substring(0, c).strip(), h.substring(c + 1).strip());
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Res(r.statusCode(), r.body());
  }

  @Test
  @Order(1)
  void step1CreateServiceAccount() throws Exception {
    Res r = curl("POST", "/v1/users", List.of(AUTH, JSON), "{\n        \"username\": \"" + SA + "\"\n     }");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"username\":\"" + SA + "\"}");
    Res guideVerbatim = curl("POST", "/v1/users", List.of(AUTH, JSON), "{\"username\": \"my-service-account-001\"}");
    assertThat(guideVerbatim.status()).isEqualTo(400);
    assertThat(guideVerbatim.json().path("code").stringValue()).isEqualTo("BAD_REQUEST");
    assertThat(guideVerbatim.json().path("data").path("path").stringValue()).isEqualTo("users.createServiceAccount");
    assertThat(guideVerbatim.json().path("issues").get(0).path("path").get(0).stringValue()).isEqualTo("username");
  }

  @Test
  @Order(2)
  void step2CreateToken() throws Exception {
    String body = "{\n        \"name\": \"token-for-my-service-account-001\",\n        \"token_type\": \"read_write\"\n     }";
    Res r = curl("POST", "/v1/users/" + SA + "/tokens", List.of(AUTH, JSON), body);
    assertThat(r.status()).isEqualTo(200);
    JsonNode t = r.json();
    assertThat(t.path("token").stringValue()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(t.path("name").stringValue()).isEqualTo("token-for-my-service-account-001");
    assertThat(t.has("expire_at")).isFalse();
    tokenId = t.path("id").stringValue();
    saSecret = t.path("token").stringValue();
    Res withTtl = curl("POST", "/v1/users/" + SA + "/tokens", List.of(AUTH, JSON),
        "{\"name\": \"short\", \"ttl\": 300, \"token_type\": \"read_scaling\"}");
    assertThat(withTtl.json().path("expire_at").isString()).isTrue();
    String withComments = "{\n \"name\": \"x\",\n // \"ttl\": 300 # Optional\n \"token_type\": \"read_write\" // Or \"read_scaling\"\n}";
    assertThat(curl("POST", "/v1/users/" + SA + "/tokens", List.of(AUTH, JSON), withComments).status()).isEqualTo(400);
    assertThat(curl("POST", "/v1/users/" + SA + "/tokens", List.of(AUTH, JSON), "{\"name\":\"x\",\"ttl\":60}").status())
        .isEqualTo(400);
  }

  @Test
  @Order(3)
  void step3SetDucklings() throws Exception {
    String body = "{\n  \"config\": {\n    \"read_write\": {\n      \"instance_size\": \"jumbo\"\n    },\n"
        + "    \"read_scaling\": {\n      \"instance_size\": \"pulse\",\n      \"flock_size\": 16\n    }\n  }\n}";
    Res r = curl("PUT", "/v1/users/" + SA + "/instances", List.of(AUTH, JSON), body);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"read_write\":{\"instance_size\":\"jumbo\",\"cooldown_seconds\":60},"
        + "\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":16}}");
  }

  @Test
  @Order(4)
  void viewTokensAndAuthFailures() throws Exception {
    Res list = curl("GET", "/v1/users/" + SA + "/tokens", List.of("Accept: application/json", AUTH), null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("tokens")).hasSize(2);
    assertThat(list.body()).doesNotContain(saSecret);
    Res noAuth = curl("GET", "/v1/users/" + SA + "/tokens", List.of(), null);
    assertThat(noAuth.status()).isEqualTo(401);
    assertThat(noAuth.body()).isEqualTo("{\"message\":\"Invalid Credentials\",\"code\":\"UNAUTHORIZED\",\"issues\":[]}");
    Res asSa = curl("GET", "/v1/users/" + SA + "/tokens", List.of("Authorization: Bearer " + saSecret), null);
    assertThat(asSa.status()).isEqualTo(403);
    assertThat(asSa.body()).isEqualTo(
        "{\"message\":\"Unauthorized\",\"code\":\"FORBIDDEN\",\"issues\":[{\"message\":\"minimum role org_admin is required\"}]}");
    Res route = curl("GET", "/v1/users/" + SA, List.of(AUTH), null);
    assertThat(route.status()).isEqualTo(404);
    assertThat(route.body()).isEqualTo("Not Found");
  }

  @Test
  @Order(5)
  void revokeTokenThenDeleteAccount() throws Exception {
    Res revoke = curl("DELETE", "/v1/users/" + SA + "/tokens/" + tokenId, List.of("Accept: application/json", AUTH), null);
    assertThat(revoke.status()).isEqualTo(200);
    assertThat(revoke.body()).isEqualTo("{}");
    Res again = curl("DELETE", "/v1/users/" + SA + "/tokens/" + tokenId, List.of(AUTH), null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().path("code").stringValue()).isEqualTo("NOT_FOUND");
    Res del = curl("DELETE", "/v1/users/" + SA, List.of("Accept: application/json", AUTH), null);
    assertThat(del.body()).isEqualTo("{\"username\":\"" + SA + "\"}");
    Res gone = curl("GET", "/v1/users/" + SA + "/tokens", List.of(AUTH), null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().path("code").stringValue()).isEqualTo("NOT_FOUND");
    assertThat(curl("GET", "/v1/users/existing_sa/instances", List.of(AUTH), null).status()).isEqualTo(200);
  }
}
