package io.mdrotator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference docs and the code name the same things: every configuration key of the schema has a
 * row in docs/configuration.md and every row names a key of the schema; every policy key is in
 * docs/policy.md's field tables and back; every metric family of a real scrape has a row in
 * docs/operations.md's metric table and every {@code mdrotator_*} name in the docs is scraped.
 */
class DocsMatchCodeTest {
  private static final Path BASE = Path.of("").toAbsolutePath();
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
  private static final Pattern METRIC_NAME = Pattern.compile("\\bmdrotator_[a-z0-9_]+");
  private static String scrape;

  @BeforeAll
  static void scrape() throws Exception {
    // The observability tests' realistic scrape: a real MetricsServer answering HTTP after a healthy
    // rotation, failures, a revocation, a Duckling check and a failed policy reload.
    Class<?> realistic = Class.forName("io.mdrotator.observability.RealisticScrape");
    Method fetch = realistic.getDeclaredMethod("fetch", String.class);
    fetch.setAccessible(true);
    scrape = (String) fetch.invoke(null, "text/plain");
  }

  // --- configuration ------------------------------------------------------------------------------

  /** The schema's properties as dotted keys; a secret reference is one key (its forms are documented apart). */
  static Set<String> schemaKeys(Path schemaFile) throws Exception {
    JsonNode schema = JsonMapper.builder().build().readTree(schemaFile.toFile());
    Set<String> keys = new TreeSet<>();
    walk(schema, schema, "", keys);
    return keys;
  }

  /** Object properties into dotted keys; local $refs (JSON pointers into the schema) followed. */
  private static void walk(JsonNode root, JsonNode node, String prefix, Set<String> keys) {
    for (Map.Entry<String, JsonNode> p : node.path("properties").properties()) {
      String key = prefix + p.getKey();
      JsonNode target = p.getValue();
      boolean secret = false;
      while (target.has("$ref")) {
        String ref = target.path("$ref").asString();
        assertThat(ref).as("local $ref at " + key).startsWith("#/");
        secret |= ref.equals("#/$defs/secret");
        target = root.at(ref.substring(1));
        assertThat(target.isMissingNode()).as("$ref " + ref + " resolves").isFalse();
      }
      if (!secret && target.has("properties")) {
        walk(root, target, key + ".", keys);
      } else {
        keys.add(key);
      }
    }
  }

  /** Backticked names in the first column of the tables of a section of a Markdown file. */
  static Set<String> keyColumn(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading + "\n");
    assertThat(start).as("heading '" + heading + "'").isNotNegative();
    int level = heading.indexOf(' ');
    Matcher next = Pattern.compile("\n#{1," + level + "} ").matcher(markdown);
    int end = next.find(start + heading.length() + 1) ? next.start() : markdown.length();
    Set<String> keys = new TreeSet<>();
    for (String line : markdown.substring(start, end).split("\n")) {
      if (line.startsWith("| `")) {
        Matcher m = BACKTICKED.matcher(line.split("\\|")[1]);
        while (m.find()) {
          keys.add(m.group(1));
        }
      }
    }
    return keys;
  }

  @Test
  void everyConfigKeyIsDocumentedAndEveryDocumentedKeyExists() throws Exception {
    Set<String> code = schemaKeys(BASE.resolve("src/main/resources/io/mdrotator/config/config.schema.json"));
    Set<String> docs = keyColumn(Files.readString(BASE.resolve("docs/configuration.md")), "## Fields");
    assertThat(code).as("config.schema.json keys").contains("policyFile", "vault.auth.method", "logging.format");
    assertThat(difference(code, docs)).as("keys of config.schema.json without a row in docs/configuration.md").isEmpty();
    assertThat(difference(docs, code)).as("keys in docs/configuration.md that config.schema.json does not have").isEmpty();
  }

  // --- policy -------------------------------------------------------------------------------------

  /** Every property name anywhere in the policy schema (field tables there are per level, not dotted). */
  static Set<String> policyNames() throws Exception {
    JsonNode schema = JsonMapper.builder().build()
        .readTree(BASE.resolve("src/main/resources/io/mdrotator/policy/policy.schema.json").toFile());
    Set<String> names = new TreeSet<>();
    collectPropertyNames(schema, names);
    return names;
  }

  private static void collectPropertyNames(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals("properties") && e.getValue().isObject()) {
          e.getValue().properties().forEach(p -> names.add(p.getKey()));
        }
        collectPropertyNames(e.getValue(), names);
      }
    } else if (node.isArray()) {
      node.forEach(n -> collectPropertyNames(n, names));
    }
  }

  @Test
  void everyPolicyKeyIsDocumentedAndEveryDocumentedKeyExists() throws Exception {
    Set<String> code = policyNames();
    Set<String> docs = new TreeSet<>();
    for (String cell : keyColumn(Files.readString(BASE.resolve("docs/policy.md")), "## Fields")) {
      docs.addAll(List.of(cell.split("\\.")));
    }
    assertThat(code).as("policy.schema.json names").contains("version", "unmanagedTokens", "token_type");
    assertThat(difference(code, docs)).as("policy keys without a row in docs/policy.md").isEmpty();
    assertThat(difference(docs, code)).as("keys in docs/policy.md that policy.schema.json does not have").isEmpty();
  }

  /**
   * A key written in the other spelling (`unmanaged_tokens` for `unmanagedTokens`, `auditFile` as
   * `audit_file`) is a key that does not exist: an operator copying it gets a validation error.
   */
  @Test
  void docsSpellConfigAndPolicyKeysAsTheSchemaDoes() throws Exception {
    Set<String> keys = new TreeSet<>(policyNames());
    for (String dotted : schemaKeys(BASE.resolve("src/main/resources/io/mdrotator/config/config.schema.json"))) {
      keys.addAll(List.of(dotted.split("\\.")));
    }
    Map<String, String> misspelled = new java.util.TreeMap<>();
    for (String key : keys) {
      String snake = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
      String camel = Pattern.compile("_([a-z])").matcher(key).replaceAll(m -> m.group(1).toUpperCase());
      for (String variant : List.of(snake, camel)) {
        if (!variant.equals(key) && !keys.contains(variant)) {
          misspelled.put(variant, key);
        }
      }
    }
    assertThat(misspelled).containsEntry("unmanaged_tokens", "unmanagedTokens").containsEntry("tokenType", "token_type");
    // Vault's AppRole API spells these so (`vault read -field=role_id ...`, the masked `secret_id:` pair).
    misspelled.keySet().removeAll(Set.of("role_id", "secret_id"));
    List<String> found = new ArrayList<>();
    for (Path doc : docs()) {
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = BACKTICKED.matcher(lines.get(i));
        while (m.find()) {
          String token = m.group(1).replaceAll("[:=].*$", "").trim();
          if (misspelled.containsKey(token)) {
            found.add(BASE.relativize(doc) + ":" + (i + 1) + ": `" + token + "` (the key is `" + misspelled.get(token) + "`)");
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  // --- metrics ------------------------------------------------------------------------------------

  /** Metric families of the scrape, from its {@code # TYPE} lines. */
  static Set<String> scrapedFamilies() {
    Set<String> families = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.startsWith("# TYPE mdrotator_")) {
        families.add(line.split(" ")[2]);
      }
    }
    return families;
  }

  /** Sample names of the scrape (families plus _total, _bucket, _count, _sum). */
  static Set<String> scrapedNames() {
    Set<String> names = new TreeSet<>(scrapedFamilies());
    for (String line : scrape.split("\n")) {
      if (line.startsWith("mdrotator_")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  @Test
  void everyScrapedMetricHasARowInTheMetricTableAndEveryRowIsScraped() throws Exception {
    Set<String> code = scrapedFamilies();
    assertThat(code).as("families in the scrape").contains("mdrotator_rotations_total",
        "mdrotator_served_token_live", "mdrotator_rotation_duration_seconds", "mdrotator_build_info");
    Set<String> docs = new TreeSet<>();
    for (String cell : keyColumn(Files.readString(BASE.resolve("docs/operations.md")), "## 2. Metrics")) {
      docs.add(cell.replaceAll("\\{.*$", ""));
    }
    assertThat(difference(code, docs)).as("scraped families without a row in docs/operations.md section 2").isEmpty();
    assertThat(difference(docs, code)).as("rows of docs/operations.md section 2 that no scrape has").isEmpty();
  }

  @Test
  void everyMetricNameInTheDocsIsScraped() throws Exception {
    Set<String> scraped = scrapedNames();
    List<String> unknown = new ArrayList<>();
    for (Path doc : docs()) {
      Matcher m = METRIC_NAME.matcher(Files.readString(doc));
      while (m.find()) {
        if (!scraped.contains(m.group())) {
          unknown.add(BASE.relativize(doc) + ": " + m.group());
        }
      }
    }
    assertThat(unknown).as("metric names in the docs that the daemon does not export").isEmpty();
  }

  // --- helpers ------------------------------------------------------------------------------------

  static List<Path> docs() throws Exception {
    List<Path> docs = new ArrayList<>(List.of(BASE.resolve("README.md"), BASE.resolve("config/README.md")));
    try (Stream<Path> s = Files.list(BASE.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }
}
