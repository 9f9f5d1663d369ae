package io.mdrotator.config;

import io.mdrotator.config.DaemonConfig.Logging;
import io.mdrotator.config.DaemonConfig.Scheduler;
import io.mdrotator.config.DaemonConfig.VaultAuth;
import io.mdrotator.policy.Durations;
import io.mdrotator.document.Problem;
import io.mdrotator.document.LocatedDocument;
import io.mdrotator.document.Pointers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Applies config defaults, resolves relative paths and checks cross-field rules; collects problems. */
final class ConfigResolver {
  /** Stands in for a URL that did not parse (already reported). */
  private static final URI INVALID_URI = URI.create("http://invalid");
  final Path file;
  final Path dir;
  final LocatedDocument doc;
  final List<Problem> problems = new ArrayList<>();

  ConfigResolver(Path file, LocatedDocument doc) {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    this.dir = parent != null ? parent : Path.of("").toAbsolutePath();
    this.doc = doc;
  }

  DaemonConfig resolve(ConfigFile c) {
    return new DaemonConfig(file.toAbsolutePath(), path(c.policyFile()), motherDuck(c.motherduck()),
        vault(c.vault()), metrics(c.metrics()), scheduler(c.scheduler()), logging(c.logging()));
  }

  DaemonConfig.MotherDuck motherDuck(ConfigFile.MotherDuck m) {
    URI api = m.apiUrl() != null ? uri("/motherduck/apiUrl", m.apiUrl()) : DaemonConfig.MotherDuck.DEFAULT_API_URL;
    boolean insecure = Boolean.TRUE.equals(m.allowInsecureHttp());
    clearText("/motherduck/apiUrl", api, insecure, "the admin token and every minted token");
    return new DaemonConfig.MotherDuck(api, secret(m.adminToken()),
        m.requestsPerSecond() != null ? m.requestsPerSecond() : DaemonConfig.MotherDuck.DEFAULT_REQUESTS_PER_SECOND,
        positive("/motherduck/requestTimeout", m.requestTimeout(), DaemonConfig.MotherDuck.DEFAULT_REQUEST_TIMEOUT),
        Boolean.TRUE.equals(m.allowShortTtl()), tls("/motherduck", m.tls()), insecure);
  }

  DaemonConfig.Vault vault(ConfigFile.Vault v) {
    URI address = uri("/vault/address", v.address());
    boolean insecure = Boolean.TRUE.equals(v.allowInsecureHttp());
    clearText("/vault/address", address, insecure, "the Vault token and every stored MotherDuck token");
    return new DaemonConfig.Vault(address, Optional.ofNullable(v.namespace()),
        or(v.mount(), DaemonConfig.Vault.DEFAULT_MOUNT), or(v.statePath(), DaemonConfig.Vault.DEFAULT_STATE_PATH),
        auth(v.auth()), tls("/vault", v.tls()),
        positive("/vault/openTimeout", v.openTimeout(), DaemonConfig.Vault.DEFAULT_OPEN_TIMEOUT),
        positive("/vault/readTimeout", v.readTimeout(), DaemonConfig.Vault.DEFAULT_READ_TIMEOUT),
        insecure);
  }

  /** The section's TLS files, resolved and checked ({@link TlsChecks}). */
  DaemonConfig.Tls tls(String section, ConfigFile.Tls t) {
    if (t == null) {
      return DaemonConfig.Tls.NONE;
    }
    DaemonConfig.Tls tls = new DaemonConfig.Tls(optPath(t.caFile()), optPath(t.clientCert()), optPath(t.clientKey()));
    TlsChecks.check(this, section, tls);
    return tls;
  }

  /** The clear-text rule ({@link ClearText}); {@code what}: what would travel readable. */
  void clearText(String pointer, URI url, boolean allowed, String what) {
    if (!allowed && url != INVALID_URI && ClearText.toRemoteHost(url)) {
      String flag = Pointers.dotted(Pointers.parent(pointer)) + ".allowInsecureHttp";
      error(pointer, Pointers.dotted(pointer) + ": http:// to a host that is not loopback would send " + what
          + " in clear text; use https://, or set " + flag + ": true (warned about at every start)");
    }
  }

  VaultAuth auth(ConfigFile.Auth a) {
    return switch (a.method()) {
      case "token" -> new VaultAuth.Token(secret(a.token()));
      case "approle" -> new VaultAuth.AppRole(secret(a.roleId()), secret(a.secretId()), or(a.path(), VaultAuth.AppRole.DEFAULT_PATH));
      default -> new VaultAuth.Kubernetes(a.role(),
          path(or(a.jwtFile(), VaultAuth.Kubernetes.DEFAULT_JWT_FILE)), or(a.path(), VaultAuth.Kubernetes.DEFAULT_PATH));
    };
  }

  DaemonConfig.Metrics metrics(ConfigFile.Metrics m) {
    String listen = m != null && m.listen() != null ? m.listen() : DaemonConfig.Metrics.DEFAULT_LISTEN;
    int colon = listen.lastIndexOf(':');
    String host = listen.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(listen.substring(colon + 1));
    if (port < 1 || port > 65535) {
      error("/metrics/listen", "metrics.listen: port " + port + " is outside 1..65535");
    }
    return new DaemonConfig.Metrics(host, port);
  }

  Scheduler scheduler(ConfigFile.Scheduler s) {
    ConfigFile.Scheduler sc = s != null ? s : new ConfigFile.Scheduler(null, null, null, null, null);
    Scheduler.Store store =
        sc.store() != null ? Scheduler.Store.valueOf(sc.store().toUpperCase(Locale.ROOT)) : Scheduler.DEFAULT_STORE;
    if (store == Scheduler.Store.MEMORY && sc.jdbc() != null) {
      error("/scheduler/jdbc", "scheduler.jdbc: given but scheduler.store is memory (set store: jdbc or remove it)");
    }
    Optional<DaemonConfig.Jdbc> jdbc = Optional.ofNullable(sc.jdbc()).map(j -> new DaemonConfig.Jdbc(
        j.url(), Optional.ofNullable(j.user()), Optional.ofNullable(j.password()).map(this::secret),
        or(j.tablePrefix(), DaemonConfig.Jdbc.DEFAULT_TABLE_PREFIX), checkin(j.clusterCheckinInterval())));
    return new Scheduler(store, sc.threads() != null ? sc.threads() : Scheduler.DEFAULT_THREADS,
        positive("/scheduler/resyncInterval", sc.resyncInterval(), Scheduler.DEFAULT_RESYNC_INTERVAL),
        livenessWatch(sc.livenessWatch()), jdbc);
  }

  DaemonConfig.LivenessWatch livenessWatch(ConfigFile.LivenessWatch w) {
    DaemonConfig.LivenessWatch d = DaemonConfig.LivenessWatch.DEFAULT;
    if (w == null) {
      return d;
    }
    Duration interval = w.interval() != null ? Durations.parse(w.interval()) : d.interval();
    if (interval.compareTo(DaemonConfig.LivenessWatch.MIN_INTERVAL) < 0) {
      error("/scheduler/livenessWatch/interval", "scheduler.livenessWatch.interval: must be at least 1s, was " + w.interval());
    }
    return new DaemonConfig.LivenessWatch(w.enabled() == null || w.enabled(), interval,
        w.budgetShare() != null ? w.budgetShare() : d.budgetShare(),
        w.maxListingsPerSecond() != null ? w.maxListingsPerSecond() : d.maxListingsPerSecond());
  }

  /** Bounded so the failover bound (2 x interval + 7.5 s) stays near the two minutes promised. */
  Duration checkin(String text) {
    if (text == null) {
      return DaemonConfig.Jdbc.DEFAULT_CHECKIN;
    }
    Duration d = Durations.parse(text);
    if (d.compareTo(DaemonConfig.Jdbc.MIN_CHECKIN) < 0 || d.compareTo(DaemonConfig.Jdbc.MAX_CHECKIN) > 0) {
      error("/scheduler/jdbc/clusterCheckinInterval", "scheduler.jdbc.clusterCheckinInterval: must be"
          + " between 1s and 60s (a dead node's runs are recovered within 2 x interval + 7.5s), was " + text);
      return DaemonConfig.Jdbc.DEFAULT_CHECKIN;
    }
    return d;
  }

  /** Names and levels were checked by the schema (levels are accepted in either case). */
  Logging logging(ConfigFile.Logging l) {
    ConfigFile.Logging lg = l != null ? l : new ConfigFile.Logging(null, null, null, null);
    java.util.Map<String, Logging.Level> levels = new java.util.LinkedHashMap<>();
    if (lg.levels() != null) {
      lg.levels().forEach((logger, level) -> levels.put(logger, logLevel(level)));
    }
    Logging.Format format =
        lg.format() != null ? Logging.Format.valueOf(lg.format().toUpperCase(Locale.ROOT)) : Logging.DEFAULT_FORMAT;
    return new Logging(format, optPath(lg.auditFile()),
        lg.level() != null ? logLevel(lg.level()) : Logging.DEFAULT_LEVEL, levels);
  }

  private static Logging.Level logLevel(String name) {
    return Logging.Level.valueOf(name.toUpperCase(Locale.ROOT));
  }

  SecretSource secret(ConfigFile.SecretRef r) {
    if (r.file() != null) {
      return new SecretSource.File(path(r.file()));
    }
    return r.env() != null ? new SecretSource.Env(r.env()) : new SecretSource.Credential(r.credential());
  }

  URI uri(String pointer, String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      error(pointer, Pointers.dotted(pointer) + ": not a valid URL: " + e.getReason());
      return INVALID_URI;
    }
  }

  Path path(String p) {
    return dir.resolve(p).normalize();
  }

  Optional<Path> optPath(String p) {
    return Optional.ofNullable(p).map(this::path);
  }

  /**
   * A timeout or interval that must be above zero: 0s would make every call time out at once (or
   * the JDK refuse it with a stack trace later), so it is reported as a located error. The schema has
   * already checked the syntax.
   */
  Duration positive(String pointer, String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    Duration d = Durations.parse(text);
    if (d.isZero() || d.isNegative()) {
      error(pointer, Pointers.dotted(pointer) + ": must be longer than 0s, was " + text);
      return fallback;
    }
    return d;
  }

  static String or(String v, String fallback) {
    return v != null ? v : fallback;
  }

  void error(String pointer, String message) {
    problems.add(ConfigLoader.problem(file, doc.valueAt(pointer), message));
  }
}
