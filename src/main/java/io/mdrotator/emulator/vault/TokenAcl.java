package io.mdrotator.emulator.vault;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ACL of one token, as Vault builds it from the token's policies ({@code vault/acl.go}): rules
 * with the same path in any of the policies are merged (capabilities united, and {@code deny}
 * leaves only deny); for a request, only the most specific matching path decides
 * ({@link AclPathPattern#PRIORITY}) — a broader grant elsewhere does not add to it — and
 * {@code deny} there refuses everything. The {@code root} policy allows everything.
 */
final class TokenAcl {
  private final boolean root;
  private final Map<AclPathPattern, Set<String>> rules = new LinkedHashMap<>();

  TokenAcl(Collection<String> policyNames, Map<String, AclPolicy> policies) {
    this.root = policyNames.contains("root");
    for (String name : root ? List.<String>of() : policyNames) {
      AclPolicy p = policies.get(name);
      if (p == null) {
        continue; // Vault also ignores a policy name that has no policy (yet)
      }
      for (AclPolicy.Rule r : p.rules()) {
        rules.computeIfAbsent(r.pattern(), k -> new HashSet<>()).addAll(r.capabilities());
      }
    }
    rules.values().forEach(c -> {
      if (c.contains("deny")) {
        c.retainAll(Set.of("deny"));
      }
    });
  }

  /** True when the token may use {@code capability} on {@code need}'s path. */
  boolean allows(AclRequirement need) {
    if (root) {
      return true;
    }
    Optional<AclPathPattern> decisive = AclPathPattern.decisive(rules.keySet(), need.path(), need.capability().equals("list"));
    if (decisive.isEmpty()) {
      return false;
    }
    Set<String> caps = rules.get(decisive.get());
    return !caps.contains("deny") && caps.contains(need.capability());
  }
}
