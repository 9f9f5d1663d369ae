package io.mdrotator.config;

import io.mdrotator.policy.LoadOptions;
import io.mdrotator.document.Problem;
import io.mdrotator.document.Severity;
import io.mdrotator.document.DocumentException;
import io.mdrotator.document.LocatedDocument;
import io.mdrotator.document.Location;
import io.mdrotator.document.SchemaChecker;
import io.mdrotator.document.SchemaPruner;
import io.mdrotator.document.StrictBinder;
import io.mdrotator.document.YamlDocumentReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Loads the daemon configuration the same way as the policy, in one pass (schema with
 * line:column, then strict binding and plain-Java checks over what the schema accepted). Inline
 * secrets are errors: secrets are referenced by file, env or systemd credential only. Relative
 * paths resolve against the config file's directory.
 */
public final class ConfigLoader {
  public static final String SCHEMA = "/io/mdrotator/config/config.schema.json";
  private static final String DURATION = "a duration such as 30s, 5m or 1h30m";
  private static final String URL = "an http:// or https:// URL";
  private static final String VAULT_PATH = "a Vault path such as secret or md-rotator/state";
  private static final SchemaChecker CHECKER = SchemaChecker.fromClasspath(SCHEMA).withHints(Map.ofEntries(
      Map.entry("apiUrl", URL), Map.entry("address", URL),
      Map.entry("mount", VAULT_PATH), Map.entry("statePath", VAULT_PATH), Map.entry("path", VAULT_PATH),
      Map.entry("env", "an environment variable name"),
      Map.entry("credential", "a systemd credential name (a file name: no /, not . or ..)"),
      Map.entry("listen", "host:port, e.g. 127.0.0.1:9464"),
      Map.entry("url", "a JDBC URL starting with jdbc:"),
      Map.entry("tablePrefix", "an SQL identifier prefix such as QRTZ_"),
      Map.entry("requestTimeout", DURATION), Map.entry("openTimeout", DURATION),
      Map.entry("readTimeout", DURATION), Map.entry("resyncInterval", DURATION),
      Map.entry("clusterCheckinInterval", DURATION), Map.entry("interval", DURATION),
      Map.entry("budgetShare", "a fraction of motherduck.requestsPerSecond above 0 and at most 0.5"),
      Map.entry("maxListingsPerSecond", "a number of listings per second above 0 and at most 1000")));
  private static final Set<String> AUTH_KEYS = Set.of("token", "roleId", "secretId", "role", "jwtFile", "path");

  private ConfigLoader() {}

  /** Loads and checks {@code file}; throws listing every problem found. */
  public static DaemonConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(List.of(unreadable(file, e)));
    }
    return load(file, text);
  }

  /** Loads config text; {@code file} locates problems and anchors relative paths. */
  public static DaemonConfig load(Path file, String text) throws ConfigException {
    ConfigCheck c = check(file, text, false);
    if (c.config().isEmpty()) {
      throw new ConfigException(c.problems());
    }
    return c.config().get();
  }

  /**
   * For {@code validate}: every problem of {@code file} in one pass, and with {@code secretFiles}
   * also whether each {@code {file: ...}} secret source exists and is readable (start-up reads them
   * anyway and says which one failed; validate says it before a deployment). Without it, for a
   * config checked away from its host (a Kubernetes config whose files are mounted in the pod).
   */
  public static ConfigCheck check(Path file, boolean secretFiles) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return new ConfigCheck(Optional.empty(), List.of(unreadable(file, e)), Optional.empty(), LoadOptions.defaults());
    }
    return check(file, text, secretFiles);
  }

  /**
   * One pass: YAML, inline secrets, schema, then — over the tree without what the schema rejected
   * ({@link SchemaPruner}) — binding and the resolver's semantic and cross-field checks. Only a YAML
   * error, or a schema error pruning cannot isolate (a required key), stops the second half.
   */
  static ConfigCheck check(Path file, String text, boolean secretFiles) {
    LocatedDocument doc;
    try {
      doc = new YamlDocumentReader().read(text);
    } catch (DocumentException e) {
      return new ConfigCheck(Optional.empty(), List.of(problem(file, e.location(), e.getMessage())),
          Optional.empty(), LoadOptions.defaults());
    }
    Optional<Problem> policy = PolicyLookalike.problem(file, doc);
    if (policy.isPresent()) {
      // The config schema's view of a policy (three missing keys, two unknown ones) is noise.
      return new ConfigCheck(Optional.empty(), List.of(policy.get()), Optional.empty(), LoadOptions.defaults());
    }
    InlineSecrets inline = new InlineSecrets(file, doc);
    List<SchemaChecker.Finding> schema = CHECKER.findings(file, doc, inline.pointers());
    List<Problem> problems = new ArrayList<>(inline.problems());
    schema.forEach(f -> problems.add(f.problem()));
    problems.addAll(authKeysForOtherMethods(file, doc));
    List<String> rejected = new ArrayList<>(inline.pointers());
    schema.forEach(f -> rejected.add(f.pointer()));
    LocatedDocument checkable = SchemaPruner.prune(doc, rejected);
    Optional<DaemonConfig> config = Optional.empty();
    if (CHECKER.findings(file, checkable, Set.of()).isEmpty()) {
      config = semantic(file, checkable, problems);
    }
    if (secretFiles) {
      problems.addAll(SecretFiles.check(file, doc));
    }
    List<Problem> sorted = sorted(problems);
    return new ConfigCheck(sorted.stream().anyMatch(Problem::isError) ? Optional.empty() : config, sorted,
        policyFile(file, doc), policyOptions(doc));
  }

  /** Binding and {@link ConfigResolver} over a schema-clean tree; adds what they find to {@code out}. */
  private static Optional<DaemonConfig> semantic(Path file, LocatedDocument doc, List<Problem> out) {
    ConfigFile cf;
    try {
      cf = new StrictBinder().bind(file, doc, ConfigFile.class);
    } catch (StrictBinder.BindingException e) {
      out.add(e.problem());
      return Optional.empty();
    }
    ConfigResolver r = new ConfigResolver(file, doc);
    DaemonConfig config = r.resolve(cf);
    out.addAll(r.problems);
    return Optional.of(config);
  }

  /** The policy file the config names (relative to the config's directory), read from the raw tree. */
  private static Optional<Path> policyFile(Path file, LocatedDocument doc) {
    JsonNode p = doc.root().path("policyFile");
    if (!p.isString() || p.asString().isEmpty()) {
      return Optional.empty();
    }
    Path parent = file.toAbsolutePath().getParent();
    return Optional.of((parent != null ? parent : Path.of("")).resolve(p.asString()).normalize());
  }

  private static LoadOptions policyOptions(LocatedDocument doc) {
    return LoadOptions.allowingShortTtl(doc.root().at("/motherduck/allowShortTtl").asBoolean(false));
  }

  private static Problem unreadable(Path file, Exception e) {
    return new Problem(file, 1, 1, Severity.ERROR, "cannot read config file: " + e);
  }

  /** Keys of {@code vault.auth} that belong to another auth method (checked on the tree, so reported with schema errors). */
  private static List<Problem> authKeysForOtherMethods(Path file, LocatedDocument doc) {
    JsonNode method = doc.root().at("/vault/auth/method");
    if (!method.isString()) {
      return List.of();
    }
    List<String> allowed = switch (method.asString()) {
      case "token" -> List.of("method", "token");
      case "approle" -> List.of("method", "roleId", "secretId", "path");
      case "kubernetes" -> List.of("method", "role", "jwtFile", "path");
      default -> null;
    };
    List<Problem> out = new ArrayList<>();
    if (allowed != null) {
      for (String name : doc.root().at("/vault/auth").propertyNames()) {
        if (!allowed.contains(name) && AUTH_KEYS.contains(name)) {
          out.add(problem(file, doc.keyAt("/vault/auth/" + name), "vault.auth." + name
              + ": does not apply to auth method '" + method.asString() + "' (allowed: "
              + allowed.subList(1, allowed.size()) + ")"));
        }
      }
    }
    return out;
  }

  private static List<Problem> sorted(List<Problem> ps) {
    return ps.stream().distinct()
        .sorted((a, b) -> a.line() != b.line() ? a.line() - b.line() : a.column() - b.column()).toList();
  }

  static Problem problem(Path file, Location l, String message) {
    return new Problem(file, l.line(), l.column(), Severity.ERROR, message);
  }
}
