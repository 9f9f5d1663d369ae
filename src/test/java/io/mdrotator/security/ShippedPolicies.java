package io.mdrotator.security;

import io.mdrotator.emulator.vault.AclPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Vault policies this repository ships, parsed as {@code vault policy write} would load them. */
final class ShippedPolicies {
  static final Path DAEMON = Path.of("config/vault/md-rotator.hcl");
  static final Path CONSUMER = Path.of("config/vault/consumer-example.hcl");

  private ShippedPolicies() {}

  /** {@code config/vault/md-rotator.hcl} under the name the AppRole role gives its tokens. */
  static AclPolicy daemon() {
    return load(LeastPrivilegeWorld.DAEMON_POLICY, DAEMON);
  }

  static AclPolicy consumer() {
    return load("etl-app", CONSUMER);
  }

  private static AclPolicy load(String name, Path file) {
    try {
      return AclPolicy.parse(name, Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
