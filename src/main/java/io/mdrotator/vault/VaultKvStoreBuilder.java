package io.mdrotator.vault;

import io.mdrotator.port.VaultSealedException;
import io.mdrotator.port.VaultStoreException;
import dev.failsafe.RetryPolicy;
import io.mdrotator.port.ApiCallListener;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Builds a {@link VaultKvStore}; address and auth are required, the rest has defaults. */
public final class VaultKvStoreBuilder {
  private URI address;
  private String namespace;
  public static final String DEFAULT_MOUNT = "secret";
  public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private String mount = DEFAULT_MOUNT;
  private VaultAuth auth;
  private Path caFile;
  private Path clientCert;
  private Path clientKey;
  private Duration openTimeout = DEFAULT_OPEN_TIMEOUT;
  private Duration readTimeout = DEFAULT_READ_TIMEOUT;
  private int readRetries = 2;
  private Duration retryDelay = Duration.ofMillis(200);
  private ApiCallListener listener = ApiCallListener.NOOP;
  private Clock clock = Clock.systemUTC();

  VaultKvStoreBuilder() {}

  public VaultKvStoreBuilder address(URI address) {
    this.address = address;
    return this;
  }

  /** Vault Enterprise / OpenBao namespace ({@code X-Vault-Namespace}); null or blank = none. */
  public VaultKvStoreBuilder namespace(String namespace) {
    this.namespace = namespace;
    return this;
  }

  /** KV v2 mount path, default {@code secret}. */
  public VaultKvStoreBuilder mount(String mount) {
    this.mount = Objects.requireNonNull(mount).replaceAll("^/+|/+$", "");
    return this;
  }

  public VaultKvStoreBuilder auth(VaultAuth auth) {
    this.auth = auth;
    return this;
  }

  /**
   * PEM CA file (bundle) to trust instead of the JVM's trust store, and an optional PEM client
   * certificate with its PKCS#8 key (both or neither); see {@link VaultTls}. Read by
   * {@link #build()}, which throws {@link VaultTlsException} naming a bad file.
   */
  public VaultKvStoreBuilder tls(Path caFile, Path clientCert, Path clientKey) {
    this.caFile = caFile;
    this.clientCert = clientCert;
    this.clientKey = clientKey;
    return this;
  }

  /** Bound on connecting, within the request deadline; default 5 s. */
  public VaultKvStoreBuilder openTimeout(Duration d) {
    this.openTimeout = Objects.requireNonNull(d);
    return this;
  }

  /**
   * The deadline of each request: connecting, the reply headers and the whole reply body (a
   * server trickling its body is cut off here); default 30 s. Each read retry gets its own.
   */
  public VaultKvStoreBuilder readTimeout(Duration d) {
    this.readTimeout = Objects.requireNonNull(d);
    return this;
  }

  /** Retries of reads on transient faults (no reply, 5xx except sealed, 412, 429); default 2. */
  public VaultKvStoreBuilder readRetries(int retries, Duration initialDelay) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0");
    }
    this.readRetries = retries;
    this.retryDelay = Objects.requireNonNull(initialDelay);
    return this;
  }

  public VaultKvStoreBuilder listener(ApiCallListener listener) {
    this.listener = Objects.requireNonNull(listener);
    return this;
  }

  public VaultKvStoreBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
    return this;
  }

  /**
   * Builds the store. No request is made until the first call (login happens then).
   *
   * @throws VaultTlsException when a TLS file is missing or unusable
   */
  public VaultKvStore build() {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(auth, "auth");
    VaultConnection connection = new VaultConnection(address, namespace, caFile, clientCert, clientKey, openTimeout, readTimeout);
    VaultSession session = new VaultSession(connection, auth, clock, listener);
    return new VaultKvStore(mount, session, new DriverCalls(listener), readRetry());
  }

  private RetryPolicy<Object> readRetry() {
    var b = RetryPolicy.builder()
        .handleIf(e -> e instanceof VaultStoreException v && v.isTransient() && !(v instanceof VaultSealedException))
        .withMaxRetries(readRetries);
    if (readRetries > 0 && !retryDelay.isZero()) {
      b.withBackoff(retryDelay, retryDelay.multipliedBy(8)).withJitter(0.2);
    }
    return b.build();
  }
}
