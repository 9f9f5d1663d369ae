package io.mdrotator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Composition;
import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.policy.Durations;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.schedule.JdbcStore;
import io.mdrotator.schedule.LivenessWatchOptions;
import io.mdrotator.schedule.SchedulerOptions;
import io.mdrotator.vault.VaultKvStoreBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every default docs/configuration.md states (a backticked value in the default column) is the
 * default the code applies: the named constant that owns it, the value a minimal configuration
 * file resolves to, and, where an adapter or options type has its own default for the same
 * setting, that one too. A documented default without an entry here fails as well, so a new one
 * cannot go unchecked.
 */
class ConfigDefaultsMatchCodeTest {
  private static final Path BASE = Path.of("").toAbsolutePath();
  private static final Path FILE = Path.of("/etc/md-rotator/md-rotator.yaml");
  private static final String MINIMAL = "policyFile: policy.yaml\nmotherduck:\n  adminToken: {env: MD_TOKEN}\n"
      + "vault:\n  address: http://127.0.0.1:8200\n  auth:\n    method: token\n    token: {file: vault-token}\n";
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

  /**
   * Documented key (section "Fields") to its documented default values: a row of several keys pairs
   * them with its values in order; one key with several values has one per auth method.
   */
  static Map<String, List<String>> documentedDefaults() throws Exception {
    String md = Files.readString(BASE.resolve("docs/configuration.md"));
    int start = md.indexOf("\n## Fields\n");
    assertThat(start).as("docs/configuration.md has a '## Fields' section").isNotNegative();
    int end = md.indexOf("\n## ", start + 1);
    String fields = md.substring(start, end < 0 ? md.length() : end);
    Map<String, List<String>> defaults = new TreeMap<>();
    for (String line : fields.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      List<String> keys = backticked(cells[1]);
      List<String> values = backticked(cells[3]);
      if (values.isEmpty()) {
        continue; // "—", "none", "JVM trust store": no value to compare
      }
      for (int i = 0; i < keys.size(); i++) {
        defaults.put(keys.get(i), keys.size() == values.size() ? List.of(values.get(i)) : values);
      }
    }
    return defaults;
  }

  private static List<String> backticked(String cell) {
    List<String> found = new ArrayList<>();
    Matcher m = BACKTICKED.matcher(cell);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /**
   * Key to, per documented value, every code value that must equal it: the owning constant first,
   * then what the configuration resolves to and what the built options or adapters use.
   */
  static Map<String, List<List<Object>>> codeDefaults() throws Exception {
    DaemonConfig c = ConfigLoader.load(FILE, MINIMAL);
    DaemonConfig approle = ConfigLoader.load(FILE, MINIMAL.replace(
        "method: token\n    token: {file: vault-token}", "method: approle\n    roleId: {env: R}\n    secretId: {env: S}"));
    DaemonConfig kubernetes = ConfigLoader.load(FILE, MINIMAL.replace(
        "method: token\n    token: {file: vault-token}", "method: kubernetes\n    role: md-rotator"));
    DaemonConfig jdbc = ConfigLoader.load(FILE, MINIMAL + "scheduler:\n  store: jdbc\n  jdbc:\n    url: jdbc:postgresql://db/q\n");
    DaemonConfig.Jdbc j = jdbc.scheduler().jdbc().orElseThrow();
    DaemonConfig.VaultAuth.Kubernetes k = (DaemonConfig.VaultAuth.Kubernetes) kubernetes.vault().auth();
    Composition composition = new Composition(c, Map.of(), Clock.systemUTC());
    SchedulerOptions scheduler = composition.schedulerOptions();
    EngineOptions engine = composition.engineOptions();
    LivenessWatchOptions watch = composition.livenessWatchOptions();
    JdbcStore store = new Composition(jdbc, Map.of(), Clock.systemUTC()).schedulerOptions().jdbc().orElseThrow();

    Map<String, List<List<Object>>> code = new LinkedHashMap<>();
    code.put("motherduck.apiUrl", one(DaemonConfig.MotherDuck.DEFAULT_API_URL, c.motherDuck().apiUrl(),
        MotherDuckClient.Builder.DEFAULT_BASE_URL));
    code.put("motherduck.requestsPerSecond", one(DaemonConfig.MotherDuck.DEFAULT_REQUESTS_PER_SECOND,
        c.motherDuck().requestsPerSecond(), MotherDuckClient.Builder.DEFAULT_REQUESTS_PER_SECOND,
        watch.requestsPerSecond()));
    code.put("motherduck.requestTimeout", one(DaemonConfig.MotherDuck.DEFAULT_REQUEST_TIMEOUT,
        c.motherDuck().requestTimeout(), MotherDuckClient.Builder.DEFAULT_REQUEST_TIMEOUT));
    code.put("motherduck.allowShortTtl", one(false, c.motherDuck().allowShortTtl()));
    code.put("motherduck.allowInsecureHttp", one(false, c.motherDuck().allowInsecureHttp()));
    code.put("vault.mount", one(DaemonConfig.Vault.DEFAULT_MOUNT, c.vault().mount(), VaultKvStoreBuilder.DEFAULT_MOUNT));
    code.put("vault.statePath", one(EngineOptions.DEFAULT_STATE_PREFIX, DaemonConfig.Vault.DEFAULT_STATE_PATH,
        c.vault().statePath(), engine.statePrefix()));
    code.put("vault.auth.jwtFile", one(DaemonConfig.VaultAuth.Kubernetes.DEFAULT_JWT_FILE, k.jwtFile()));
    code.put("vault.auth.path", List.of(
        List.of(DaemonConfig.VaultAuth.AppRole.DEFAULT_PATH, ((DaemonConfig.VaultAuth.AppRole) approle.vault().auth()).path()),
        List.of(DaemonConfig.VaultAuth.Kubernetes.DEFAULT_PATH, k.path())));
    code.put("vault.allowInsecureHttp", one(false, c.vault().allowInsecureHttp()));
    code.put("vault.openTimeout", one(DaemonConfig.Vault.DEFAULT_OPEN_TIMEOUT, c.vault().openTimeout(),
        VaultKvStoreBuilder.DEFAULT_OPEN_TIMEOUT));
    code.put("vault.readTimeout", one(DaemonConfig.Vault.DEFAULT_READ_TIMEOUT, c.vault().readTimeout(),
        VaultKvStoreBuilder.DEFAULT_READ_TIMEOUT));
    code.put("metrics.listen", one(DaemonConfig.Metrics.DEFAULT_LISTEN,
        c.metrics().host() + ":" + c.metrics().port()));
    code.put("scheduler.store", one(DaemonConfig.Scheduler.DEFAULT_STORE, c.scheduler().store()));
    code.put("scheduler.threads", one(DaemonConfig.Scheduler.DEFAULT_THREADS, c.scheduler().threads(),
        SchedulerOptions.DEFAULT_THREAD_COUNT, scheduler.threadCount()));
    code.put("scheduler.resyncInterval", one(EngineOptions.DEFAULT_RESYNC_INTERVAL,
        DaemonConfig.Scheduler.DEFAULT_RESYNC_INTERVAL, c.scheduler().resyncInterval(),
        SchedulerOptions.DEFAULT_RESYNC_INTERVAL, scheduler.resyncInterval(), engine.resyncInterval()));
    code.put("scheduler.livenessWatch.enabled", one(true, c.scheduler().livenessWatch().enabled()));
    code.put("scheduler.livenessWatch.interval", one(LivenessWatchOptions.DEFAULT_INTERVAL,
        DaemonConfig.LivenessWatch.DEFAULT_INTERVAL, c.scheduler().livenessWatch().interval(), watch.interval()));
    code.put("scheduler.livenessWatch.budgetShare", one(LivenessWatchOptions.DEFAULT_BUDGET_SHARE,
        DaemonConfig.LivenessWatch.DEFAULT_BUDGET_SHARE, c.scheduler().livenessWatch().budgetShare(),
        watch.budgetShare()));
    code.put("scheduler.livenessWatch.maxListingsPerSecond", one(LivenessWatchOptions.DEFAULT_MAX_LISTINGS_PER_SECOND,
        DaemonConfig.LivenessWatch.DEFAULT_MAX_LISTINGS_PER_SECOND,
        c.scheduler().livenessWatch().maxListingsPerSecond(), watch.maxListingsPerSecond()));
    code.put("scheduler.jdbc.tablePrefix", one(DaemonConfig.Jdbc.DEFAULT_TABLE_PREFIX, j.tablePrefix(),
        store.tablePrefix()));
    code.put("scheduler.jdbc.clusterCheckinInterval", one(JdbcStore.DEFAULT_CHECKIN,
        DaemonConfig.Jdbc.DEFAULT_CHECKIN, j.clusterCheckinInterval(), store.clusterCheckin()));
    code.put("logging.format", one(DaemonConfig.Logging.DEFAULT_FORMAT, c.logging().format()));
    code.put("logging.level", one(DaemonConfig.Logging.DEFAULT_LEVEL, c.logging().level()));
    return code;
  }

  private static List<List<Object>> one(Object... sources) {
    return List.of(Arrays.asList(sources));
  }

  @Test
  void everyDocumentedDefaultIsTheCodesDefault() throws Exception {
    Map<String, List<String>> docs = documentedDefaults();
    Map<String, List<List<Object>>> code = codeDefaults();
    assertThat(docs).as("documented defaults").containsKeys("motherduck.requestTimeout", "vault.statePath",
        "scheduler.resyncInterval", "scheduler.livenessWatch.budgetShare");
    assertThat(docs.keySet()).as("keys with a documented default").isEqualTo(code.keySet());
    List<String> mismatches = new ArrayList<>();
    code.forEach((key, perValue) -> {
      List<String> documented = docs.get(key);
      assertThat(documented).as(key + ": documented values").hasSameSizeAs(perValue);
      for (int i = 0; i < perValue.size(); i++) {
        List<Object> sources = perValue.get(i);
        for (int j = 0; j < sources.size(); j++) {
          if (!same(documented.get(i), sources.get(j))) {
            mismatches.add(key + ": docs/configuration.md says `" + documented.get(i) + "`, code value #" + (j + 1)
                + " of codeDefaults() is " + sources.get(j));
          }
        }
      }
    });
    assertThat(mismatches).isEmpty();
  }

  /** The documented text read as the code value's type: a duration, a number, an enum name, or text. */
  static boolean same(String documented, Object value) {
    if (value instanceof Duration d) {
      return Durations.parse(documented).equals(d);
    }
    if (value instanceof Number n) {
      return Double.parseDouble(documented) == n.doubleValue();
    }
    if (value instanceof Enum<?> e) {
      return documented.equalsIgnoreCase(e.name());
    }
    return documented.equals(String.valueOf(value));
  }

  @Test
  void aDurationIsComparedAsADurationAndANumberAsANumber() {
    assertThat(same("10m", Duration.ofMinutes(10))).isTrue();
    assertThat(same("30s", Duration.ofMinutes(10))).isFalse();
    assertThat(same("5", 5.0)).isTrue();
    assertThat(same("0.25", 0.3)).isFalse();
    assertThat(same("console", DaemonConfig.Logging.Format.CONSOLE)).isTrue();
  }
}
