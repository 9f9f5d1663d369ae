package io.mdrotator.vault;

import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.mdrotator.secret.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach Vault: address, namespace, TLS files and timeouts. Builds a fresh driver
 * {@link Vault} for each use because the driver's {@link VaultConfig} is mutable and not
 * thread-safe; a built instance is never mutated afterwards (no {@code withRetries}).
 */
public record VaultConnection(
    URI address, String namespace, Path caFile, Path clientCert, Path clientKey, Duration openTimeout, Duration readTimeout) {

  public VaultConnection {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(openTimeout, "openTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if ((clientCert == null) != (clientKey == null)) {
      throw new IllegalArgumentException("client certificate and key must be given together");
    }
  }

  /** A KV v2 client (engine version 2: the driver inserts {@code data/}) with {@code token}, or none. */
  Vault kv2(Secret token) {
    return Vault.create(config(token, 2), 2);
  }

  /** A raw client (engine version 1: paths are sent as given), for {@code metadata/} and auth calls. */
  Vault raw(Secret token) {
    return Vault.create(config(token, 1), 1);
  }

  private VaultConfig config(Secret token, int engineVersion) {
    try {
      VaultConfig cfg = new VaultConfig()
          .environmentLoader(new io.github.jopenlibs.vault.EnvironmentLoader() {
            @Override
            public String loadVariable(String name) {
              return null; // never pick up VAULT_TOKEN & co. implicitly
            }
          })
          .address(address.toString().replaceAll("/+$", ""))
          .engineVersion(engineVersion)
          .openTimeout(seconds(openTimeout))
          .readTimeout(seconds(readTimeout))
          .sslConfig(ssl());
      if (token != null) {
        cfg.token(token.reveal());
      }
      if (namespace != null && !namespace.isBlank()) {
        cfg.nameSpace(namespace);
      }
      return cfg.build();
    } catch (VaultException e) {
      throw new VaultStoreException("configure", null, 0, "invalid Vault client configuration: " + e.getMessage(), null);
    }
  }

  private SslConfig ssl() throws VaultException {
    SslConfig ssl = new SslConfig();
    if (caFile != null) {
      ssl.pemFile(caFile.toFile());
    }
    if (clientCert != null) {
      ssl.clientPemFile(clientCert.toFile()).clientKeyPemFile(clientKey.toFile());
    }
    return ssl.build();
  }

  private static int seconds(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
  }
}
