package io.mdrotator.emulator.vault;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Vault ACL policy: rules of a path pattern ({@link AclPathPattern}: exact, {@code *} prefix,
 * {@code +} segment) and capabilities. How a token's policies decide a request is {@link TokenAcl}'s
 * part; this is the policy as written, e.g. parsed from the HCL of {@code vault policy write}
 * ({@link #parse}).
 */
public record AclPolicy(String name, List<Rule> rules) {
  /** Every capability Vault policies know; {@code sudo} only matters on root-protected paths. */
  public static final Set<String> CAPABILITIES =
      Set.of("create", "read", "update", "patch", "delete", "list", "sudo", "deny");

  public AclPolicy {
    rules = List.copyOf(rules);
  }

  /** One {@code path "..." { capabilities = [...] }} block. */
  public record Rule(String path, Set<String> capabilities) {
    /** Rejects an unknown capability or a path Vault would read differently than it looks. */
    public Rule {
      for (String c : capabilities) {
        if (!CAPABILITIES.contains(c)) {
          throw new IllegalArgumentException("unknown capability \"" + c + "\" on path \"" + path + "\"");
        }
      }
      capabilities = Set.copyOf(capabilities);
      AclPathPattern.parse(path);
    }

    AclPathPattern pattern() {
      return AclPathPattern.parse(path);
    }
  }

  public static AclPolicy of(String name, String path, String... capabilities) {
    return new AclPolicy(name, List.of(new Rule(path, Set.of(capabilities))));
  }

  /**
   * The policy in the HCL subset of {@code path "<pattern>" { capabilities = [...] }} blocks and
   * comments; anything else (parameter constraints, wrapping TTLs, the legacy {@code policy =}
   * form, JSON) is an {@link IllegalArgumentException} naming line and column, never ignored.
   */
  public static AclPolicy parse(String name, String hcl) {
    return new AclPolicy(name, HclPolicyParser.parse(hcl));
  }

  /**
   * This policy with one capability removed from one rule's path (the rule stays, perhaps empty).
   * Fails when the policy has no such grant, so a caller cannot remove nothing by mistake.
   */
  public AclPolicy without(String path, String capability) {
    List<Rule> out = new ArrayList<>();
    boolean removed = false;
    for (Rule r : rules) {
      if (r.path().equals(path) && r.capabilities().contains(capability)) {
        Set<String> left = new LinkedHashSet<>(r.capabilities());
        left.remove(capability);
        out.add(new Rule(r.path(), left));
        removed = true;
      } else {
        out.add(r);
      }
    }
    if (!removed) {
      throw new IllegalArgumentException("policy " + name + " grants no \"" + capability + "\" on \"" + path + "\"");
    }
    return new AclPolicy(name, out);
  }
}
