package io.mdrotator.security;

import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP to Vault with a token, as an operator's {@code vault} CLI or an application's Vault
 * Agent sends it: no md-rotator code in between, so what a policy allows is seen directly.
 */
final class VaultHttp {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI address;

  VaultHttp(URI address) {
    this.address = address;
  }

  /** A reply: status and parsed JSON body (a missing node for an empty body). */
  record Reply(int status, JsonNode body) {}

  /** {@code method /v1/path} with {@code token}; {@code body} may be null. */
  Reply call(String method, String path, String body, Secret token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(address.resolve("/v1/" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("X-Vault-Token", token.reveal());
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
