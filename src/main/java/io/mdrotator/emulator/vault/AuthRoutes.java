package io.mdrotator.emulator.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The auth endpoints: AppRole and Kubernetes login, token lookup-self and renew-self. */
final class AuthRoutes {
  static final String INVALID_APPROLE = "invalid role or secret ID";

  private final TokenStore tokens;
  private final Clock clock;

  AuthRoutes(TokenStore tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  VaultReply appRoleLogin(Map<String, Object> body) {
    Optional<TokenStore.AppRole> role = tokens.appRole(str(body.get("role_id")), str(body.get("secret_id")));
    if (role.isEmpty()) {
      return VaultReply.errors(400, INVALID_APPROLE);
    }
    TokenStore.AppRole r = role.get();
    Map<String, String> meta = Map.of("role_name", r.name());
    List<String> policies = r.noDefaultPolicy() ? r.policies() : TokenStore.withDefault(r.policies());
    EmulatedToken t = tokens.issue(TokenStore.newTokenId(), policies, r.ttl(), r.maxTtl(), true,
        "auth/approle/login", meta);
    return VaultReply.withAuth(tokens.authBlock(t, meta), null);
  }

  VaultReply kubernetesLogin(Map<String, Object> body) {
    String role = str(body.get("role"));
    String jwt = str(body.get("jwt"));
    if (role == null || role.isEmpty()) {
      return VaultReply.errors(400, "missing role");
    }
    if (jwt == null || jwt.isEmpty()) {
      return VaultReply.errors(400, "missing jwt");
    }
    if (!tokens.hasKubernetesRole(role)) {
      return VaultReply.errors(400, "invalid role name \"" + role + "\"");
    }
    Optional<TokenStore.KubernetesRole> match = tokens.kubernetesRole(role, jwt);
    if (match.isEmpty()) {
      return VaultReply.permissionDenied();
    }
    TokenStore.KubernetesRole r = match.get();
    Map<String, String> meta = Map.of("role", r.name(), "service_account_name", "md-rotator");
    EmulatedToken t = tokens.issue(TokenStore.newTokenId(), TokenStore.withDefault(r.policies()), r.ttl(), r.maxTtl(), true,
        "auth/kubernetes/login", meta);
    return VaultReply.withAuth(tokens.authBlock(t, meta), null);
  }

  VaultReply lookupSelf(EmulatedToken t) {
    Instant now = clock.instant();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("accessor", t.accessor());
    d.put("creation_time", t.issueTime().getEpochSecond());
    d.put("creation_ttl", t.creationTtl().toSeconds());
    d.put("display_name", t.path().startsWith("auth/token") ? "token" : t.path().split("/")[1]);
    d.put("entity_id", "");
    d.put("expire_time", t.expireTime() == null ? null : t.expireTime().toString());
    d.put("explicit_max_ttl", 0);
    d.put("id", t.id());
    d.put("identity_policies", null);
    d.put("issue_time", t.issueTime().toString());
    d.put("meta", t.meta().isEmpty() ? null : t.meta());
    d.put("num_uses", 0);
    d.put("orphan", true);
    d.put("path", t.path());
    d.put("policies", t.policies());
    d.put("renewable", t.renewable());
    d.put("ttl", t.ttlAt(now).toSeconds());
    d.put("type", "service");
    return new VaultReply(200, VaultReply.envelope(d, null, null, "token"));
  }

  VaultReply renewSelf(EmulatedToken t, Map<String, Object> body) {
    Duration increment;
    try {
      increment = parseDuration(body.get("increment"));
    } catch (IllegalArgumentException e) {
      return VaultReply.errors(400, "error parsing increment: " + e.getMessage());
    }
    TokenStore.RenewOutcome out = tokens.renew(t, increment);
    if (out.error() != null) {
      return VaultReply.errors(400, out.error());
    }
    List<String> warnings = out.warning() == null ? null : List.of(out.warning());
    return VaultReply.withAuth(tokens.authBlock(out.token(), out.token().meta()), warnings);
  }

  /** Vault accepts seconds as a number or string, or a Go duration like "1h" or "90m". */
  static Duration parseDuration(Object raw) {
    if (raw == null || "".equals(raw)) {
      return null;
    }
    if (raw instanceof Number n) {
      return Duration.ofSeconds(n.longValue());
    }
    String s = raw.toString().trim();
    if (s.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(h|m|s)").matcher(s);
    long secs = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      long v = Long.parseLong(m.group(1));
      secs += switch (m.group(2)) {
        case "h" -> v * 3600;
        case "m" -> v * 60;
        default -> v;
      };
      end = m.end();
    }
    if (end != s.length() || end == 0) {
      throw new IllegalArgumentException("invalid duration \"" + s + "\"");
    }
    return Duration.ofSeconds(secs);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
