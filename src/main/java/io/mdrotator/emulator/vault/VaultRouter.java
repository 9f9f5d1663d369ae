package io.mdrotator.emulator.vault;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Maps a request to its endpoint name (for fault injection) and to its reply: seal state, token
 * check, ACL ({@link AclRequirement}, {@link TokenAcl}), then the auth or KV handler. KV data is
 * stored per namespace; tokens, policies and roles are global (the namespace header is accepted on
 * auth calls and otherwise ignored there), so policy paths never carry a namespace.
 */
final class VaultRouter {
  private final Clock clock;
  private final TokenStore tokens;
  private final AuthRoutes auth;
  private final Set<String> kvMounts;
  private final boolean mountCasRequired;
  private final int mountMaxVersions;
  private final Map<String, KvMount> engines = new ConcurrentHashMap<>();
  private final List<AclDenial> denials = new CopyOnWriteArrayList<>();
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

  VaultReply route(VaultRequest r) {
    if (r.path().equals("sys/health")) {
      return HealthRoute.reply(r, sealed.get(), clock);
    }
    if (sealed.get()) {
      return VaultReply.errors(503, "Vault is sealed");
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
      return VaultReply.errors(403, "permission denied");
    }
    if (!permitted(r, token.get())) {
      return VaultReply.permissionDenied();
    }
    switch (r.path()) {
      case "auth/token/lookup-self":
        return auth.lookupSelf(token.get());
      case "auth/token/renew-self":
        return r.isWrite() ? auth.renewSelf(token.get(), body) : unsupported(r);
      default:
        return kv(r, body);
    }
  }

  /**
   * The ACL check, before any handler runs (as in Vault, so a refused request changes nothing and
   * a path on no mount is refused rather than reported missing); a refusal is recorded.
   */
  private boolean permitted(VaultRequest r, EmulatedToken token) {
    Optional<AclRequirement> need = AclRequirement.of(r, this::keyExists);
    if (need.isEmpty() || tokens.allowed(token, need.get())) {
      return true;
    }
    denials.add(new AclDenial(r.method(), need.get().path(), need.get().capability(), token.policies()));
    return false;
  }

  /** Whether a KV request's key has a metadata entry (what KV v2's existence check asks). */
  private boolean keyExists(VaultRequest r) {
    String[] seg = r.path().split("/", 3);
    return seg.length == 3 && kvMounts.contains(seg[0]) && engine(r.namespace(), seg[0]).hasKey(seg[2]);
  }

  /** Requests the ACL refused so far, oldest first. */
  List<AclDenial> denials() {
    return List.copyOf(denials);
  }

  private VaultReply kv(VaultRequest r, Map<String, Object> body) {
    String[] seg = r.path().split("/", 3);
    if (seg.length < 2 || !kvMounts.contains(seg[0])) {
      return VaultReply.errors(404, "no handler for route \"" + r.path() + "\". route entry not found.");
    }
    String key = seg.length > 2 ? seg[2] : "";
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

  private static VaultReply unsupported(VaultRequest r) {
    return VaultReply.errors(405, "unsupported operation");
  }

  private static VaultReply invalidPath() {
    return new VaultReply(404, VaultReply.envelope(null, null, java.util.List.of(
        "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use."
            + " If using the Vault CLI, use 'vault kv get' for this operation."), "kv"));
  }
}
