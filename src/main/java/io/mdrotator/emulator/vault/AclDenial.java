package io.mdrotator.emulator.vault;

import java.util.List;

/**
 * A request the ACL refused (answered 403 permission denied): method, the ACL path checked (the
 * request path; a list's ends in {@code /}, as Vault normalises it), the capability it needed
 * there ({@code create}, {@code read}, ...) and the refused token's policies.
 * Recorded for tests that must show which grant an operation depends on.
 */
public record AclDenial(String method, String path, String capability, List<String> policies) {
  public AclDenial {
    policies = List.copyOf(policies);
  }
}
