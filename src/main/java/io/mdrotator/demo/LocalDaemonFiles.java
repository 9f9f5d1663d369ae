package io.mdrotator.demo;

import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The files a daemon needs to run against local emulators (the demo, the soak): a daemon config
 * that reads both credentials from owner-only files next to it, plus fresh random credentials and
 * a free loopback port.
 */
public final class LocalDaemonFiles {
  private LocalDaemonFiles() {}

  /** Writes {@code admin-token}, {@code vault-token} (mode 0600) and {@code configFile} in its folder. */
  public static void write(Path configFile, URI motherDuck, Secret admin, URI vault, Secret vaultToken,
      int requestsPerSecond, int metricsPort) throws IOException {
    Path dir = configFile.getParent();
    writeSecret(dir.resolve("admin-token"), admin);
    writeSecret(dir.resolve("vault-token"), vaultToken);
    Files.writeString(configFile, """
        policyFile: policy.yaml
        motherduck:
          apiUrl: %s
          adminToken: {file: admin-token}
          requestsPerSecond: %d
          requestTimeout: 5s
          allowShortTtl: true
        vault:
          address: %s
          auth:
            method: token
            token: {file: vault-token}
        metrics:
          listen: 127.0.0.1:%d
        scheduler:
          threads: 4
          resyncInterval: 30s
        logging:
          format: console
        """.formatted(motherDuck, requestsPerSecond, vault, metricsPort));
  }

  /** 24 random bytes as hex: a credential for an emulator. */
  public static String randomHex() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A loopback port free at the time of the call. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void writeSecret(Path file, Secret value) throws IOException {
    Files.writeString(file, value.reveal());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }
}
