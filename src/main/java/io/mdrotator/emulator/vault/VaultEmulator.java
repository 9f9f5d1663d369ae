package io.mdrotator.emulator.vault;

import io.mdrotator.emulator.EmulatorServer;
import io.mdrotator.emulator.FaultInjector;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-process emulator of the Vault HTTP API subset md-rotator uses (KV v2, token, AppRole,
 * Kubernetes auth, sys/health), following {@code vault-kv2-and-driver.md} section 2, with fault
 * injection and test hooks. Paths in the hooks are relative to the mount, in the root namespace.
 * ACL policies are enforced on every authenticated request as Vault does (section 5: {@link
 * AclPolicy#parse} reads {@code vault policy write} HCL); the root token is allowed everything.
 */
public final class VaultEmulator implements AutoCloseable {
  private final EmulatorServer server;
  private final FaultInjector faults;
  private final TokenStore tokens;
  private final VaultRouter router;
  private final Clock clock;
  private final Secret rootToken;
  private final URI address;

  private VaultEmulator(VaultEmulatorOptions o) throws IOException {
    this.clock = o.clock;
    this.faults = o.faults;
    this.tokens = new TokenStore(clock);
    this.router = new VaultRouter(clock, tokens, o.kvMounts, o.mountCasRequired, o.mountMaxVersions);
    this.rootToken = Secret.of(o.rootToken == null ? TokenStore.newTokenId() : o.rootToken);
    tokens.issue(rootToken.reveal(), List.of("root"), null, null, false, "auth/token/root", Map.of());
    InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port);
    FaultingHandler handler = new FaultingHandler(router, faults);
    this.server = o.sslContext != null
        ? EmulatorServer.https(bind, 0, o.sslContext, o.needClientAuth, "vault-emulator", handler)
        : EmulatorServer.http(bind, 0, "vault-emulator", handler);
    String scheme = o.sslContext != null ? "https" : "http";
    this.address = URI.create(scheme + "://127.0.0.1:" + server.port());
  }

  /** Starts an emulator; close it to stop. */
  public static VaultEmulator start(VaultEmulatorOptions options) {
    try {
      return new VaultEmulator(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Vault emulator", e);
    }
  }

  public URI address() {
    return address;
  }

  public Secret rootToken() {
    return rootToken;
  }

  public FaultInjector faults() {
    return faults;
  }

  // ---- test hooks ----

  /** Fields of the latest readable version of {@code path} on {@code mount}, root namespace. */
  public Optional<Map<String, Object>> currentData(String mount, String path) {
    return router.engine("", mount).currentData(path);
  }

  public Optional<Map<String, Object>> currentData(String path) {
    return currentData("secret", path);
  }

  /** The key's current_version (0 when absent). */
  public long currentVersion(String path) {
    return router.engine("", "secret").currentVersion(path);
  }

  /** Versions still stored for the key (after max_versions trimming). */
  public int storedVersionCount(String path) {
    return router.engine("", "secret").storedVersionCount(path);
  }

  /** Every token issued so far, including the root token, oldest first. */
  public List<EmulatedToken> tokens() {
    return tokens.all();
  }

  /**
   * Creates a token directly, as {@code vault token create -policy=...} would: with the {@code
   * default} policy attached (self lookup and renewal), except for a root token.
   */
  public Secret createToken(List<String> policies, Duration ttl, Duration maxTtl, boolean renewable) {
    return createToken(policies, ttl, maxTtl, renewable, policies.contains("root"));
  }

  /** As {@link #createToken}; {@code noDefaultPolicy}: exactly {@code policies} ({@code -no-default-policy}). */
  public Secret createToken(List<String> policies, Duration ttl, Duration maxTtl, boolean renewable, boolean noDefaultPolicy) {
    String id = TokenStore.newTokenId();
    List<String> attached = noDefaultPolicy ? policies : TokenStore.withDefault(policies);
    tokens.issue(id, attached, ttl, maxTtl, renewable, "auth/token/create", Map.of());
    return Secret.of(id);
  }

  public boolean revokeToken(Secret token) {
    return tokens.revoke(token.reveal());
  }

  /**
   * Makes {@code token} expire now, as its TTL running out server-side would (e.g. the daemon's
   * token outlived its max TTL while the daemon believed it valid); false if unknown.
   */
  public boolean expireToken(Secret token) {
    return tokens.expire(token.reveal());
  }

  public void seal() {
    router.sealed.set(true);
  }

  public void unseal() {
    router.sealed.set(false);
  }

  /**
   * Adds or replaces a policy ({@code vault policy write}); tokens holding its name are checked
   * against the new rules from their next request on. The built-in {@code default} policy grants
   * only {@code auth/token/lookup-self} (read) and {@code auth/token/renew-self} (update).
   */
  public void addPolicy(AclPolicy policy) {
    tokens.putPolicy(policy);
  }

  /** Requests refused by the ACL so far (403 permission denied), oldest first. */
  public List<AclDenial> aclDenials() {
    return router.denials();
  }

  /** Registers an AppRole role with one accepted secret_id; its tokens also get {@code default}. */
  public void addAppRole(String roleName, String roleId, Secret secretId, List<String> policies, Duration ttl, Duration maxTtl) {
    addAppRole(roleName, roleId, secretId, policies, ttl, maxTtl, false);
  }

  /** As {@link #addAppRole}; {@code tokenNoDefaultPolicy}: its tokens get exactly {@code policies}. */
  public void addAppRole(String roleName, String roleId, Secret secretId, List<String> policies, Duration ttl,
      Duration maxTtl, boolean tokenNoDefaultPolicy) {
    tokens.putAppRole(new TokenStore.AppRole(roleName, roleId, Set.of(secretId.reveal()), policies, ttl, maxTtl,
        tokenNoDefaultPolicy));
  }

  /** Registers a Kubernetes auth role that accepts exactly {@code jwt}. */
  public void addKubernetesRole(String role, Secret jwt, List<String> policies, Duration ttl, Duration maxTtl) {
    tokens.putKubernetesRole(new TokenStore.KubernetesRole(role, Set.of(jwt.reveal()), policies, ttl, maxTtl));
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "VaultEmulator[" + address + "]";
  }
}
