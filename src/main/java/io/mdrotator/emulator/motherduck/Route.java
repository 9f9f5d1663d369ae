package io.mdrotator.emulator.motherduck;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A routed request: the emulator endpoint name (used for faults and counters), the tRPC procedure
 * name (for {@code data.path}) and the decoded path parameters.
 */
record Route(String endpoint, String procedure, String username, String tokenId) {

  /** Resolves method and raw path; empty means "unknown route" (plain-text 404). */
  static Optional<Route> resolve(String method, String rawPath) {
    if (!rawPath.startsWith("/v1/users")) {
      return Optional.empty();
    }
    String[] s = rawPath.substring(1).split("/", -1);
    // s[0] = v1, s[1] = users, s[2] = username, s[3] = tokens|instances, s[4] = token id
    if (s.length == 2 && method.equals("POST")) {
      return Optional.of(new Route(MotherDuckEmulator.CREATE_SERVICE_ACCOUNT, "users.createServiceAccount", null, null));
    }
    if (s.length < 3 || s[2].isEmpty() || !s[1].equals("users")) {
      return Optional.empty();
    }
    String user = decode(s[2]);
    if (s.length == 3) {
      return method.equals("DELETE")
          ? Optional.of(new Route(MotherDuckEmulator.DELETE_SERVICE_ACCOUNT, "users.delete", user, null))
          : Optional.empty();
    }
    if (s.length == 4 && s[3].equals("tokens")) {
      return switch (method) {
        case "GET" -> Optional.of(new Route(MotherDuckEmulator.LIST_TOKENS, "users.listTokens", user, null));
        case "POST" -> Optional.of(new Route(MotherDuckEmulator.CREATE_TOKEN, "users.createToken", user, null));
        default -> Optional.empty();
      };
    }
    if (s.length == 4 && s[3].equals("instances")) {
      return switch (method) {
        case "GET" -> Optional.of(new Route(MotherDuckEmulator.GET_DUCKLINGS, "ducklings.getDucklingConfigForUser", user, null));
        case "PUT" -> Optional.of(new Route(MotherDuckEmulator.SET_DUCKLINGS, "ducklings.setDucklingConfigForUser", user, null));
        default -> Optional.empty();
      };
    }
    if (s.length == 5 && s[3].equals("tokens") && !s[4].isEmpty() && method.equals("DELETE")) {
      return Optional.of(new Route(MotherDuckEmulator.REVOKE_TOKEN, "users.deleteToken", user, decode(s[4])));
    }
    return Optional.empty();
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
