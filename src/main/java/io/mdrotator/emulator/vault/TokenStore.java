package io.mdrotator.emulator.vault;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Tokens (TTL, renewal, revocation), ACL policies, AppRole and Kubernetes roles. Thread-safe. */
final class TokenStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The part of Vault's built-in {@code default} policy that covers endpoints this emulator serves:
   * a token may look itself up and renew itself. Tokens get it unless issued without it (an
   * AppRole with {@code token_no_default_policy=true}, {@code vault token create -no-default-policy});
   * {@link #putPolicy} may replace it, as {@code vault policy write default} does.
   */
  static final AclPolicy DEFAULT_POLICY = new AclPolicy("default", List.of(
      new AclPolicy.Rule("auth/token/lookup-self", Set.of("read")),
      new AclPolicy.Rule("auth/token/renew-self", Set.of("update"))));

  /**
   * An AppRole: role_id, accepted secret_ids and the token it issues, with the {@code default}
   * policy unless {@code noDefaultPolicy} ({@code token_no_default_policy}).
   */
  record AppRole(String name, String roleId, Set<String> secretIds, List<String> policies, Duration ttl, Duration maxTtl,
      boolean noDefaultPolicy) {}

  /** A Kubernetes auth role: accepted service-account JWTs and the token it issues. */
  record KubernetesRole(String name, Set<String> jwts, List<String> policies, Duration ttl, Duration maxTtl) {}

  private final Clock clock;
  private final Map<String, EmulatedToken> tokens = new ConcurrentHashMap<>();
  private final Map<String, Duration> maxTtls = new ConcurrentHashMap<>();
  private final Map<String, AclPolicy> policies = new ConcurrentHashMap<>();
  private final Map<String, AppRole> appRolesById = new ConcurrentHashMap<>();
  private final Map<String, KubernetesRole> k8sRoles = new ConcurrentHashMap<>();

  TokenStore(Clock clock) {
    this.clock = clock;
    putPolicy(DEFAULT_POLICY);
  }

  /** {@code policies} with {@code default} first, as Vault attaches it to a new token. */
  static List<String> withDefault(List<String> policies) {
    List<String> out = new ArrayList<>();
    out.add("default");
    policies.stream().filter(p -> !p.equals("default")).forEach(out::add);
    return out;
  }

  static String newTokenId() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return "hvs." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  synchronized EmulatedToken issue(
      String id, List<String> pol, Duration ttl, Duration maxTtl, boolean renewable, String path, Map<String, String> meta) {
    io.mdrotator.emulator.IssuedSecrets.record(id);
    Instant now = clock.instant();
    byte[] acc = new byte[12];
    RANDOM.nextBytes(acc);
    EmulatedToken t = new EmulatedToken(
        id, HexFormat.of().formatHex(acc), List.copyOf(pol), path, now,
        ttl == null ? null : now.plus(ttl), ttl == null ? Duration.ZERO : ttl, renewable, false, 0, Map.copyOf(meta));
    tokens.put(id, t);
    if (maxTtl != null) {
      maxTtls.put(id, maxTtl);
    }
    return t;
  }

  /** The token if it exists and is valid now. */
  Optional<EmulatedToken> valid(String id) {
    if (id == null) {
      return Optional.empty();
    }
    EmulatedToken t = tokens.get(id);
    return t != null && t.validAt(clock.instant()) ? Optional.of(t) : Optional.empty();
  }

  /** Extends a renewable token to now + increment (default: its creation TTL), capped by max TTL. */
  synchronized RenewOutcome renew(EmulatedToken t, Duration increment) {
    if (!t.renewable() || t.expireTime() == null) {
      return new RenewOutcome(null, null, "lease is not renewable");
    }
    Instant now = clock.instant();
    Duration inc = increment == null || increment.isZero() ? t.creationTtl() : increment;
    Instant newExpire = now.plus(inc);
    String warning = null;
    Duration maxTtl = maxTtls.get(t.id());
    if (maxTtl != null && newExpire.isAfter(t.issueTime().plus(maxTtl))) {
      newExpire = t.issueTime().plus(maxTtl);
      warning = "TTL of \"" + inc.toSeconds() + "s\" exceeded the effective max_ttl of \""
          + Duration.between(now, newExpire).toSeconds() + "s\"; TTL value is capped accordingly";
    }
    EmulatedToken renewed = new EmulatedToken(
        t.id(), t.accessor(), t.policies(), t.path(), t.issueTime(), newExpire, t.creationTtl(), true, false,
        t.renewals() + 1, t.meta());
    tokens.put(t.id(), renewed);
    return new RenewOutcome(renewed, warning, null);
  }

  /** Result of a renewal: the renewed token (or an error) and an optional warning. */
  record RenewOutcome(EmulatedToken token, String warning, String error) {}

  synchronized boolean revoke(String id) {
    EmulatedToken t = tokens.get(id);
    if (t == null) {
      return false;
    }
    tokens.put(id, new EmulatedToken(t.id(), t.accessor(), t.policies(), t.path(), t.issueTime(),
        t.expireTime(), t.creationTtl(), t.renewable(), true, t.renewals(), t.meta()));
    return true;
  }

  synchronized boolean expire(String id) {
    EmulatedToken t = tokens.get(id);
    if (t == null) {
      return false;
    }
    tokens.put(id, new EmulatedToken(t.id(), t.accessor(), t.policies(), t.path(), t.issueTime(),
        clock.instant(), t.creationTtl(), t.renewable(), t.revoked(), t.renewals(), t.meta()));
    return true;
  }

  List<EmulatedToken> all() {
    List<EmulatedToken> out = new ArrayList<>(tokens.values());
    out.sort(java.util.Comparator.comparing(EmulatedToken::issueTime));
    return out;
  }

  void putPolicy(AclPolicy p) {
    policies.put(p.name(), p);
  }

  /** True when the token's policies, as they are now, grant what {@code need} names. */
  boolean allowed(EmulatedToken t, AclRequirement need) {
    return new TokenAcl(t.policies(), policies).allows(need);
  }

  void putAppRole(AppRole role) {
    role.secretIds().forEach(io.mdrotator.emulator.IssuedSecrets::record);
    appRolesById.put(role.roleId(), role);
  }

  Optional<AppRole> appRole(String roleId, String secretId) {
    AppRole r = roleId == null ? null : appRolesById.get(roleId);
    return r != null && secretId != null && r.secretIds().contains(secretId) ? Optional.of(r) : Optional.empty();
  }

  void putKubernetesRole(KubernetesRole role) {
    role.jwts().forEach(io.mdrotator.emulator.IssuedSecrets::record);
    k8sRoles.put(role.name(), role);
  }

  boolean hasKubernetesRole(String role) {
    return k8sRoles.containsKey(role);
  }

  Optional<KubernetesRole> kubernetesRole(String role, String jwt) {
    KubernetesRole r = role == null ? null : k8sRoles.get(role);
    return r != null && jwt != null && r.jwts().contains(jwt) ? Optional.of(r) : Optional.empty();
  }

  /** The {@code auth} block of a login or renew reply. */
  Map<String, Object> authBlock(EmulatedToken t, Map<String, String> metadata) {
    Instant now = clock.instant();
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("client_token", t.id());
    a.put("accessor", t.accessor());
    a.put("policies", t.policies());
    a.put("token_policies", t.policies());
    a.put("metadata", metadata);
    a.put("lease_duration", t.ttlAt(now).toSeconds());
    a.put("renewable", t.renewable());
    a.put("entity_id", "");
    a.put("token_type", "service");
    a.put("orphan", true);
    a.put("mfa_requirement", null);
    a.put("num_uses", 0);
    return a;
  }
}
