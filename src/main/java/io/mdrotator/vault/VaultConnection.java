package io.mdrotator.vault;

import io.mdrotator.port.VaultStoreException;
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
 * Where and how to reach Vault: address, namespace, TLS ({@link VaultTls}) and the one
 * {@link BoundedHttpClient} every request of this connection goes through, whether sent by our
 * REST path ({@link #rest}) or by a driver {@link Vault} ({@link #raw}). Builds a fresh driver
 * {@link Vault} for each use because the driver's {@link VaultConfig} is mutable and not
 * thread-safe; a built instance is never mutated afterwards (no {@code withRetries}).
 *
 * <p>Every exchange has one deadline, {@code readTimeout}, covering connect (itself capped by
 * {@code openTimeout}), the wait for headers and the whole body, and every reply body is capped at
 * {@link #MAX_REPLY_BYTES}. Without a configured {@code HttpClient} the driver would build a new
 * one per request (a new connection, TLS handshake and selector thread each time) with its own
 * TLS settings; sharing ours keeps connections alive and keeps TLS and the limits in one place.
 */
public final class VaultConnection {
  /**
   * Largest reply body read from Vault: 4 MiB. What md-rotator reads is small: a slot's secret
   * (one token and six short fields) and token replies are a few KiB, key metadata about 0.1 KiB
   * per kept version, and a state document about 0.2 KiB per open intent or superseded token
   * (estimated from {@code StateCodec}'s format: a thousand entries, far more than a slot ever
   * holds, are about 200 KiB). A larger reply is a broken or hostile server; it fails with
   * {@link VaultReplyTooLargeException} before more is buffered.
   */
  public static final long MAX_REPLY_BYTES = 4L << 20;

  private final URI address;
  private final String namespace;
  private final Duration openTimeout;
  private final Duration readTimeout;
  private final BoundedHttpClient http;
  private final String base;
  private final Integer wholeSecondsDeadline;

  /**
   * @param openTimeout bound on connecting (within the deadline)
   * @param readTimeout the deadline of each exchange: connect, headers and the whole body
   * @throws VaultTlsException when a TLS file is missing or unusable (the file is named)
   */
  public VaultConnection(URI address, String namespace, Path caFile, Path clientCert, Path clientKey,
      Duration openTimeout, Duration readTimeout) {
    this.address = Objects.requireNonNull(address, "address");
    this.openTimeout = Objects.requireNonNull(openTimeout, "openTimeout");
    this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    if (openTimeout.isNegative() || openTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("Vault timeouts must be positive");
    }
    this.namespace = namespace;
    VaultTls tls = VaultTls.fromFiles(caFile, clientCert, clientKey);
    // Replies are completed on the client's selector thread instead of being handed to a worker
    // pool: every caller waits synchronously and the body handlers only collect bytes, so nothing
    // blocks there, and the hand-off (a thread wake-up per reply) was a large share of the CPU of
    // a fleet catch-up (docs/benchmarks.md). HTTP/1.1 only; VaultTlsTest covers many concurrent
    // callers over TLS.
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(openTimeout.compareTo(readTimeout) < 0 ? openTimeout : readTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(Runnable::run)
        .sslContext(tls.context())
        .sslParameters(tls.parameters())
        .build();
    this.http = new BoundedHttpClient(client, readTimeout, MAX_REPLY_BYTES);
    this.base = address.toString().replaceAll("/+$", "");
    this.wholeSecondsDeadline = wholeSeconds(readTimeout);
  }

  public URI address() {
    return address;
  }

  /** The client every request of this connection goes through. */
  public HttpClient httpClient() {
    return http;
  }

  /** A raw client (engine version 1: paths are sent as given), for {@code metadata/} writes and deletes. */
  Vault raw(Secret token) {
    return Vault.create(config(token, 1), 1);
  }

  /**
   * The driver's REST layer for one request to {@code /v1/<apiPath>} with the headers the driver's
   * own calls send (token unless null, namespace, {@code X-Vault-Request}), through this
   * connection's bounded client (which sets the deadline, unless the request already carries it).
   * A {@link Rest} is a mutable builder: one per request.
   */
  Rest rest(Secret token, String apiPath) {
    Rest rest = new Rest(http)
        .url(base + "/v1/" + apiPath)
        .header("X-Vault-Token", token == null ? null : token.reveal())
        .header("X-Vault-Namespace", namespace)
        .header("X-Vault-Request", "true");
    return wholeSecondsDeadline == null ? rest : rest.readTimeoutSeconds(wholeSecondsDeadline);
  }

  /** The deadline in seconds when it is a whole number of them: the request then needs no copy to carry it. */
  private static Integer wholeSeconds(Duration d) {
    return d.getNano() == 0 && d.getSeconds() <= Integer.MAX_VALUE ? (int) d.getSeconds() : null;
  }

  /**
   * A driver configuration that reads nothing from the environment ({@code VAULT_TOKEN},
   * {@code VAULT_ADDR}, timeouts, and, through the {@code SslConfig} that {@code build()} makes
   * with this loader, {@code VAULT_SSL_*}): its SSL settings are unused anyway, because the driver
   * sends through the configured client, whose TLS is {@link VaultTls}.
   */
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

  private static int seconds(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
  }
}
