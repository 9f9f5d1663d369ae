package io.mdrotator.tools.probe;

import java.util.Objects;

/**
 * One slot as its consumers see it: the KV v2 mount and path they read the token from. {@code label}
 * names the slot in violations (for example {@code etl_service/rw}).
 */
public record ProbeTarget(String label, String vaultMount, String vaultPath) {
  public ProbeTarget {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(vaultMount, "vaultMount");
    Objects.requireNonNull(vaultPath, "vaultPath");
  }
}
