package io.mdrotator.emulator.vault;

import com.sun.net.httpserver.HttpExchange;
import io.mdrotator.emulator.Exchanges;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed request: method, path after {@code /v1/}, query, token, namespace and body. The token
 * is kept out of {@link #toString()}.
 */
record VaultRequest(
    String method, String path, Map<String, String> query, String token, String namespace, String body) {

  static VaultRequest from(HttpExchange ex) throws IOException {
    String raw = ex.getRequestURI().getRawPath();
    String path = raw.startsWith("/v1/") ? raw.substring(4) : raw.substring(1);
    path = URLDecoder.decode(path, StandardCharsets.UTF_8);
    String token = ex.getRequestHeaders().getFirst("X-Vault-Token");
    String authz = ex.getRequestHeaders().getFirst("Authorization");
    if ((token == null || token.isEmpty()) && authz != null && authz.startsWith("Bearer ")) {
      token = authz.substring(7).trim();
    }
    String ns = ex.getRequestHeaders().getFirst("X-Vault-Namespace");
    return new VaultRequest(
        ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
        path,
        query(ex.getRequestURI().getRawQuery()),
        token == null || token.isEmpty() ? null : token,
        normalizeNamespace(ns),
        Exchanges.body(ex));
  }

  static String normalizeNamespace(String ns) {
    if (ns == null) {
      return "";
    }
    String s = ns.strip();
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  boolean isList() {
    String l = query.get("list");
    return method.equals("LIST") || (method.equals("GET") && ("true".equals(l) || "1".equals(l)));
  }

  boolean isWrite() {
    return method.equals("POST") || method.equals("PUT");
  }

  @Override
  public String toString() {
    return method + " /v1/" + path + (namespace.isEmpty() ? "" : " ns=" + namespace);
  }
}
