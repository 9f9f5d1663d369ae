package io.mdrotator.emulator.vault;

import java.util.List;
import java.util.Set;

/**
 * A simplified Vault ACL policy: rules of path (exact, or prefix when it ends in {@code *}) and
 * capabilities ({@code create read update delete list deny}). Capabilities of all matching rules
 * are united, and {@code deny} wins; Vault's longest-match precedence is not emulated.
 */
public record AclPolicy(String name, List<Rule> rules) {
  public AclPolicy {
    rules = List.copyOf(rules);
  }

  /** One {@code path "..." { capabilities = [...] }} stanza. */
  public record Rule(String path, Set<String> capabilities) {
    public Rule {
      capabilities = Set.copyOf(capabilities);
    }

    boolean matches(String p) {
      return path.endsWith("*") ? p.startsWith(path.substring(0, path.length() - 1)) : p.equals(path);
    }
  }

  public static AclPolicy of(String name, String path, String... capabilities) {
    return new AclPolicy(name, List.of(new Rule(path, Set.of(capabilities))));
  }
}
