package io.mdrotator.vault;

import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.rest.Rest;
import io.mdrotator.secret.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach Vault: address, namespace, TLS files and timeouts, and the one
 * {@link HttpClient} every driver client of this connection sends through. Builds a fresh driver
 * {@link Vault} for each use because the driver's {@link VaultConfig} is mutable and not
 * thread-safe; a built instance is never mutated afterwards (no {@code withRetries}).
 *
 * <p>Without a configured {@code HttpClient} the driver builds a new one per request: a new
 * connection (and TLS handshake) and a selector thread each time. Sharing one keeps connections
 * alive across requests, sessions and token changes; the client is thread-safe.
 */
public final class VaultConnection {
  private final URI address;
  private final String namespace;
  private final Path caFile;
  private final Path clientCert;
  private final Path clientKey;
  private final Duration openTimeout;
  private final Duration readTimeout;
  private final SslConfig ssl;
  private final HttpClient http;
  private final String base;

  public VaultConnection(URI address, String namespace, Path caFile, Path clientCert, Path clientKey,
      Duration openTimeout, Duration readTimeout) {
    this.address = Objects.requireNonNull(address, "address");
    this.openTimeout = Objects.requireNonNull(openTimeout, "openTimeout");
    this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    if ((clientCert == null) != (clientKey == null)) {
      throw new IllegalArgumentException("client certificate and key must be given together");
    }
    this.namespace = namespace;
    this.caFile = caFile;
    this.clientCert = clientCert;
    this.clientKey = clientKey;
    try {
      this.ssl = ssl();
    } catch (VaultException e) {
      throw new VaultStoreException("configure", null, 0, "invalid Vault TLS configuration: " + e.getMessage(), null);
    }
    // Replies are completed on the client's selector thread instead of being handed to a worker
    // pool: every caller waits synchronously and the body handlers only collect bytes, so nothing
    // blocks there, and the hand-off (a thread wake-up per reply) was a large share of the CPU of
    // a fleet catch-up (docs/benchmarks.md). HTTP/1.1 only; VaultTlsTest covers many concurrent
    // callers over TLS.
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(seconds(openTimeout)))
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(Runnable::run);
    if (ssl.getSslContext() != null) {
      b.sslContext(ssl.getSslContext());
    }
    this.http = b.build();
    this.base = address.toString().replaceAll("/+$", "");
  }

  public URI address() {
    return address;
  }

  /** The client every request of this connection goes through. */
  public HttpClient httpClient() {
    return http;
  }

  /** A raw client (engine version 1: paths are sent as given), for {@code metadata/} and auth calls. */
  Vault raw(Secret token) {
    return Vault.create(config(token, 1), 1);
  }

  /**
   * The driver's REST layer for one request to {@code /v1/<apiPath>} with the headers the driver's
   * own calls send (token, namespace, {@code X-Vault-Request}), this connection's timeouts and its
   * shared client. A {@link Rest} is a mutable builder: one per request.
   */
  Rest rest(Secret token, String apiPath) {
    return new Rest(http)
        .url(base + "/v1/" + apiPath)
        .header("X-Vault-Token", token.reveal())
        .header("X-Vault-Namespace", namespace)
        .header("X-Vault-Request", "true")
        .connectTimeoutSeconds(seconds(openTimeout))
        .readTimeoutSeconds(seconds(readTimeout));
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
          .address(base)
          .engineVersion(engineVersion)
          .openTimeout(seconds(openTimeout))
          .readTimeout(seconds(readTimeout))
          .sslConfig(ssl)
          .httpClient(http);
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
