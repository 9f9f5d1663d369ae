package io.mdrotator.config;

import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.policy.LoadOptions;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.schedule.JdbcStore;
import io.mdrotator.schedule.LivenessWatchOptions;
import io.mdrotator.schedule.SchedulerOptions;
import io.mdrotator.vault.VaultKvStoreBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The daemon configuration (how to run), with defaults applied and relative paths resolved
 * against the configuration file's directory. Holds secret sources, never secrets.
 */
public record DaemonConfig(
    Path configFile,
    Path policyFile,
    MotherDuck motherDuck,
    Vault vault,
    Metrics metrics,
    Scheduler scheduler,
    Logging logging) {
  public DaemonConfig {
    Objects.requireNonNull(configFile, "configFile");
    Objects.requireNonNull(policyFile, "policyFile");
    Objects.requireNonNull(motherDuck, "motherDuck");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(logging, "logging");
  }

  /** Policy load options implied by this config ({@code allowShortTtl} lowers the minimum TTL to 1 s). */
  public LoadOptions policyLoadOptions() {
    return LoadOptions.allowingShortTtl(motherDuck.allowShortTtl());
  }

  /**
   * MotherDuck Admin API access; {@code allowInsecureHttp}: an {@code http://} URL to a host that is
   * not loopback was accepted on purpose (warned about at every start).
   */
  public record MotherDuck(
      URI apiUrl,
      SecretSource adminToken,
      double requestsPerSecond,
      Duration requestTimeout,
      boolean allowShortTtl,
      Tls tls,
      boolean allowInsecureHttp) {
    public static final URI DEFAULT_API_URL = MotherDuckClient.Builder.DEFAULT_BASE_URL;
    public static final double DEFAULT_REQUESTS_PER_SECOND = MotherDuckClient.Builder.DEFAULT_REQUESTS_PER_SECOND;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = MotherDuckClient.Builder.DEFAULT_REQUEST_TIMEOUT;
  }

  /**
   * Vault access; {@code statePath} is where md-rotator keeps its own state under the mount;
   * {@code allowInsecureHttp} as for {@link MotherDuck}.
   */
  public record Vault(
      URI address,
      Optional<String> namespace,
      String mount,
      String statePath,
      VaultAuth auth,
      Tls tls,
      Duration openTimeout,
      Duration readTimeout,
      boolean allowInsecureHttp) {
    public static final String DEFAULT_MOUNT = VaultKvStoreBuilder.DEFAULT_MOUNT;
    /** The engine's state prefix: the config names the same KV path the engine writes under. */
    public static final String DEFAULT_STATE_PATH = EngineOptions.DEFAULT_STATE_PREFIX;
    public static final Duration DEFAULT_OPEN_TIMEOUT = VaultKvStoreBuilder.DEFAULT_OPEN_TIMEOUT;
    public static final Duration DEFAULT_READ_TIMEOUT = VaultKvStoreBuilder.DEFAULT_READ_TIMEOUT;
  }

  /** How md-rotator logs in to Vault. */
  public sealed interface VaultAuth {
    /** A Vault token from a secret source. */
    record Token(SecretSource token) implements VaultAuth {}

    /** AppRole login at {@code auth/<path>/login}. */
    record AppRole(SecretSource roleId, SecretSource secretId, String path) implements VaultAuth {
      public static final String DEFAULT_PATH = "approle";
    }

    /** Kubernetes login at {@code auth/<path>/login} with the pod's service-account JWT. */
    record Kubernetes(String role, Path jwtFile, String path) implements VaultAuth {
      public static final String DEFAULT_PATH = "kubernetes";
      /** Where Kubernetes mounts the pod's service-account token. */
      public static final String DEFAULT_JWT_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    }
  }

  /**
   * TLS material of an endpoint (PEM files, checked when the config is loaded): {@code caFile}
   * replaces the JVM trust store; empty means the JVM trust store and no client certificate.
   */
  public record Tls(Optional<Path> caFile, Optional<Path> clientCert, Optional<Path> clientKey) {
    public static final Tls NONE = new Tls(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Where the Prometheus endpoint listens. */
  public record Metrics(String host, int port) {
    /** Loopback only: the endpoint is exposed on purpose, never by default. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:9464";
  }

  /** Quartz settings, and the served-token liveness watch that runs beside them. */
  public record Scheduler(
      Store store, int threads, Duration resyncInterval, LivenessWatch livenessWatch, Optional<Jdbc> jdbc) {
    public static final Store DEFAULT_STORE = Store.MEMORY;
    public static final int DEFAULT_THREADS = SchedulerOptions.DEFAULT_THREAD_COUNT;
    /** The engine's resync interval: the scheduler and the engine share the one configured value. */
    public static final Duration DEFAULT_RESYNC_INTERVAL = EngineOptions.DEFAULT_RESYNC_INTERVAL;

    /** Quartz job store. */
    public enum Store {
      MEMORY,
      JDBC
    }
  }

  /**
   * The served-token liveness watch: every {@code interval} (stretched when the accounts need more
   * listings than {@code budgetShare} of {@code motherduck.requestsPerSecond} or
   * {@code maxListingsPerSecond} allow) each account's tokens are listed and compared with what
   * Vault serves (docs/rotation-protocol.md).
   */
  public record LivenessWatch(boolean enabled, Duration interval, double budgetShare, double maxListingsPerSecond) {
    public static final Duration DEFAULT_INTERVAL = LivenessWatchOptions.DEFAULT_INTERVAL;
    public static final double DEFAULT_BUDGET_SHARE = LivenessWatchOptions.DEFAULT_BUDGET_SHARE;
    public static final double DEFAULT_MAX_LISTINGS_PER_SECOND = LivenessWatchOptions.DEFAULT_MAX_LISTINGS_PER_SECOND;
    /** Shortest interval accepted from the config file. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final LivenessWatch DEFAULT = new LivenessWatch(true, DEFAULT_INTERVAL, DEFAULT_BUDGET_SHARE,
        DEFAULT_MAX_LISTINGS_PER_SECOND);
  }

  /**
   * JDBC job store connection; {@code clusterCheckinInterval} is how often a node checks in, which
   * sets the failover bound (2 x interval + 7.5 s, docs/ha.md).
   */
  public record Jdbc(
      String url,
      Optional<String> user,
      Optional<SecretSource> password,
      String tablePrefix,
      Duration clusterCheckinInterval) {
    public static final String DEFAULT_TABLE_PREFIX = "QRTZ_";
    /** Default check-in interval: failover within 37.5 s, one state-row update per node every 15 s. */
    public static final Duration DEFAULT_CHECKIN = JdbcStore.DEFAULT_CHECKIN;
    /** Shortest check-in interval accepted from the config file. */
    public static final Duration MIN_CHECKIN = Duration.ofSeconds(1);
    /** Longest check-in interval accepted: keeps the failover bound near two minutes (127.5 s). */
    public static final Duration MAX_CHECKIN = Duration.ofSeconds(60);

    /** With the default check-in interval. */
    public Jdbc(String url, Optional<String> user, Optional<SecretSource> password, String tablePrefix) {
      this(url, user, password, tablePrefix, DEFAULT_CHECKIN);
    }
  }

  /**
   * Log format, the audit log file, the root log level and per-logger levels ({@code levels} maps
   * a logger or package name, e.g. {@code io.mdrotator.vault}, to its level; insertion order kept).
   */
  public record Logging(Format format, Optional<Path> auditFile, Level level, java.util.Map<String, Level> levels) {
    /** Console (human) or JSON lines. */
    public enum Format {
      CONSOLE,
      JSON
    }

    /** The levels a logger can be set to; the names are Logback's. */
    public enum Level {
      TRACE,
      DEBUG,
      INFO,
      WARN,
      ERROR,
      OFF
    }

    public static final Format DEFAULT_FORMAT = Format.CONSOLE;
    public static final Level DEFAULT_LEVEL = Level.INFO;

    public Logging {
      Objects.requireNonNull(level, "level");
      levels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(levels));
    }

    /** Root level INFO, no per-logger levels. */
    public Logging(Format format, Optional<Path> auditFile) {
      this(format, auditFile, DEFAULT_LEVEL, java.util.Map.of());
    }
  }
}
