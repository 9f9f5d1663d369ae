package io.mdrotator.vault;

import io.mdrotator.port.VaultStoreException;
import io.github.jopenlibs.vault.rest.RestResponse;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.nio.file.Files;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Vault's token endpoints on our REST path (the connection's bounded client), parsed strictly:
 * AppRole and Kubernetes login, {@code lookup-self} and {@code renew-self}.
 *
 * <p>Not through the driver's {@code auth()}: it parses these replies leniently, so a body that
 * does not parse left the lease at 0, which here means "never expires" and would stop renewal for
 * good; it also accepts only the exact content type {@code application/json}. Here a non-2xx reply
 * is typed by {@link VaultErrors}, and a reply without the fields we use (a token, a lease) is a
 * {@link VaultMalformedReplyException}; a missing {@code renewable} counts as false (re-login
 * instead of renewal: the safe side).
 */
final class TokenCalls {
  static final String LOOKUP_SELF = "auth/token/lookup-self";
  static final String RENEW_SELF = "auth/token/renew-self";

  /** What Vault said: a new token (login only, else null), its lease (0 = no expiry), renewable. */
  record Grant(Secret token, long leaseSeconds, boolean renewable) {}

  private final VaultConnection connection;
  private final DriverCalls calls;

  TokenCalls(VaultConnection connection, DriverCalls calls) {
    this.connection = connection;
    this.calls = calls;
  }

  /** Logs in with AppRole or Kubernetes; the credentials travel only in the request body. */
  Grant login(VaultAuth auth) {
    ObjectNode body = JsonReplies.JSON.createObjectNode();
    String path;
    if (auth instanceof VaultAuth.AppRole a) {
      path = "auth/" + a.mount() + "/login";
      body.put("role_id", a.roleId().reveal()).put("secret_id", a.secretId().reveal());
    } else if (auth instanceof VaultAuth.Kubernetes k) {
      path = k.authPath() + "/login";
      body.put("role", k.role()).put("jwt", readJwt(k, path));
    } else {
      throw new IllegalStateException("token auth cannot log in");
    }
    byte[] bytes = JsonReplies.JSON.writeValueAsBytes(body);
    RestResponse r = calls.rest("login", path, () -> connection.rest(null, path).body(bytes).post());
    JsonNode granted = JsonReplies.requireObject(ok(r, "login", path), "auth", r, "login", path);
    JsonNode token = granted.path("client_token");
    if (!token.isString() || token.stringValue().isBlank()) {
      throw JsonReplies.malformed(r, "login", path, "no 'auth.client_token'");
    }
    return new Grant(Secret.of(token.stringValue()), seconds(granted, "lease_duration", r, "login", path),
        granted.path("renewable").asBoolean(false));
  }

  /**
   * The remaining TTL of {@code token} ({@code data.ttl}) and whether it is renewable. Like
   * {@code renew-self}, its failures name the operation and no path (the token's own endpoint;
   * a limit's message still names the request).
   */
  Grant lookupSelf(Secret token) {
    RestResponse r = calls.rest("lookup-self", null, () -> connection.rest(token, LOOKUP_SELF).get());
    JsonNode data = JsonReplies.requireObject(ok(r, "lookup-self", null), "data", r, "lookup-self", null);
    return new Grant(null, seconds(data, "ttl", r, "lookup-self", null), data.path("renewable").asBoolean(false));
  }

  /** Renews {@code token} by the server's default increment; the new lease and renewability. */
  Grant renewSelf(Secret token) {
    RestResponse r = calls.rest("renew-self", null, () -> connection.rest(token, RENEW_SELF).post());
    JsonNode auth = JsonReplies.requireObject(ok(r, "renew-self", null), "auth", r, "renew-self", null);
    return new Grant(null, seconds(auth, "lease_duration", r, "renew-self", null), auth.path("renewable").asBoolean(false));
  }

  private static JsonNode ok(RestResponse r, String operation, String path) {
    if (r.getStatus() / 100 != 2) {
      throw VaultErrors.fromResponse(operation, path, r);
    }
    return JsonReplies.object(r, operation, path);
  }

  /** A required non-negative whole number of seconds. */
  private static long seconds(JsonNode o, String field, RestResponse r, String operation, String path) {
    JsonNode n = o.path(field);
    if (!n.isIntegralNumber() || n.longValue() < 0) {
      throw JsonReplies.malformed(r, operation, path, "no whole non-negative '" + field + "'");
    }
    return n.longValue();
  }

  private static String readJwt(VaultAuth.Kubernetes k, String path) {
    try {
      return Files.readString(k.jwtFile()).strip();
    } catch (IOException e) {
      throw new VaultStoreException("login", path, 0,
          "cannot read service-account token file " + k.jwtFile() + ": " + e.getClass().getSimpleName(), null);
    }
  }
}
