package io.mdrotator.emulator.vault;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Maps a request to its endpoint name (for fault injection) and to its reply: seal state, token
 * check, ACL, then the auth or KV handler. KV data is stored per namespace; tokens, policies and
 * roles are global (the namespace header is accepted on auth calls and otherwise ignored there).
 */
final class VaultRouter {
  private final Clock clock;
  private final TokenStore tokens;
  private final AuthRoutes auth;
  private final Set<String> kvMounts;
  private final boolean mountCasRequired;
  private final int mountMaxVersions;
  private final Map<String, KvMount> engines = new ConcurrentHashMap<>();
  final AtomicBoolean sealed = new AtomicBoolean();

  VaultRouter(Clock clock, TokenStore tokens, Set<String> kvMounts, boolean casRequired, int maxVersions) {
    this.clock = clock;
    this.tokens = tokens;
    this.auth = new AuthRoutes(tokens, clock);
    this.kvMounts = Set.copyOf(kvMounts);
    this.mountCasRequired = casRequired;
    this.mountMaxVersions = maxVersions;
  }

  KvMount engine(String namespace, String mount) {
    return engines.computeIfAbsent(namespace + "|" + mount, k -> new KvMount(clock, mountCasRequired, mountMaxVersions));
  }

  /** Endpoint name used by the fault injector. */
  static String endpoint(VaultRequest r) {
    String p = r.path();
    if (p.equals("sys/health")) {
      return "health";
    }
    if (p.startsWith("auth/") && p.endsWith("/login")) {
      return "login";
    }
    if (p.equals("auth/token/renew-self")) {
      return "renewSelf";
    }
    if (p.equals("auth/token/lookup-self")) {
      return "lookupSelf";
    }
    String[] seg = p.split("/", 3);
    String kind = seg.length > 1 ? seg[1] : "";
    return switch (kind) {
      case "data" -> r.method().equals("GET") ? "kvRead" : r.method().equals("DELETE") ? "kvDelete" : "kvWrite";
      case "metadata" -> r.method().equals("GET") || r.isList() ? "kvMetadataRead" : "kvMetadataWrite";
      case "delete", "undelete", "destroy" -> "kvDelete";
      default -> "other";
    };
  }

  Reply route(VaultRequest r) {
    if (r.path().equals("sys/health")) {
      return health(r);
    }
    if (sealed.get()) {
      return Reply.errors(503, "Vault is sealed");
    }
    Map<String, Object> body = JsonBodies.parse(r.body());
    switch (r.path()) {
      case "auth/approle/login":
        return r.isWrite() ? auth.appRoleLogin(body) : unsupported(r);
      case "auth/kubernetes/login":
        return r.isWrite() ? auth.kubernetesLogin(body) : unsupported(r);
      default:
        break;
    }
    Optional<EmulatedToken> token = tokens.valid(r.token());
    if (token.isEmpty()) {
      return Reply.errors(403, "permission denied");
    }
    switch (r.path()) {
      case "auth/token/lookup-self":
        return auth.lookupSelf(token.get());
      case "auth/token/renew-self":
        return r.isWrite() ? auth.renewSelf(token.get(), body) : unsupported(r);
      default:
        return kv(r, token.get(), body);
    }
  }

  private Reply kv(VaultRequest r, EmulatedToken token, Map<String, Object> body) {
    String[] seg = r.path().split("/", 3);
    if (seg.length < 2 || !kvMounts.contains(seg[0])) {
      return Reply.errors(404, "no handler for route \"" + r.path() + "\". route entry not found.");
    }
    String key = seg.length > 2 ? seg[2] : "";
    String capability = capability(r);
    boolean allowed = tokens.allowed(token, r.path(), capability)
        || (capability.equals("update") && tokens.allowed(token, r.path(), "create"));
    if (!allowed) {
      return Reply.permissionDenied();
    }
    KvMount m = engine(r.namespace(), seg[0]);
    String m1 = r.method();
    return switch (seg[1]) {
      case "data" -> m1.equals("GET") ? m.readData(key, r.query())
          : m1.equals("DELETE") ? m.deleteLatest(key)
          : r.isWrite() ? m.writeData(key, body) : unsupported(r);
      case "metadata" -> r.isList() ? m.list(key)
          : m1.equals("GET") ? m.readMetadata(key)
          : m1.equals("DELETE") ? m.deleteMetadata(key)
          : r.isWrite() ? m.writeMetadata(key, body) : unsupported(r);
      case "delete", "undelete", "destroy" -> r.isWrite() ? m.versionsOp(seg[1], key, body) : unsupported(r);
      default -> invalidPath();
    };
  }

  private static String capability(VaultRequest r) {
    if (r.isList()) {
      return "list";
    }
    return switch (r.method()) {
      case "GET" -> "read";
      case "DELETE" -> "delete";
      default -> "update";
    };
  }

  private static Reply unsupported(VaultRequest r) {
    return Reply.errors(405, "unsupported operation");
  }

  private static Reply invalidPath() {
    return new Reply(404, Reply.envelope(null, null, java.util.List.of(
        "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use."
            + " If using the Vault CLI, use 'vault kv get' for this operation."), "kv"));
  }

  private Reply health(VaultRequest r) {
    boolean isSealed = sealed.get();
    int status = isSealed ? code(r, "sealedcode", 503) : code(r, "activecode", 200);
    Map<String, Object> b = new java.util.LinkedHashMap<>();
    b.put("initialized", true);
    b.put("sealed", isSealed);
    b.put("standby", false);
    b.put("performance_standby", false);
    b.put("replication_performance_mode", "disabled");
    b.put("replication_dr_mode", "disabled");
    b.put("server_time_utc", clock.instant().getEpochSecond());
    b.put("version", "1.21.0-md-rotator-emulator");
    b.put("cluster_name", "vault-cluster-emulator");
    b.put("cluster_id", "00000000-0000-0000-0000-000000000000");
    b.put("enterprise", false);
    b.put("echo_duration_ms", 0);
    b.put("clock_skew_ms", 0);
    b.put("replication_primary_canary_age_ms", 0);
    return new Reply(status, r.method().equals("HEAD") ? null : b);
  }

  private static int code(VaultRequest r, String name, int dflt) {
    String v = r.query().get(name);
    return v != null && v.matches("\\d{3}") ? Integer.parseInt(v) : dflt;
  }
}
