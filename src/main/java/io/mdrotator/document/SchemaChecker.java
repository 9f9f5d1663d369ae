package io.mdrotator.document;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates a {@link LocatedDocument} against a checked-in JSON Schema (draft 2020-12) and reports
 * every error at the line and column of the offending key or value. Thread-safe once built.
 */
public final class SchemaChecker {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Schema schema;
  /** The schema as written, to list the keys allowed where an unknown key was found. */
  private final JsonNode raw;
  private final Map<String, String> hints;

  private SchemaChecker(Schema schema, JsonNode raw, Map<String, String> hints) {
    this.schema = schema;
    this.raw = raw;
    this.hints = Map.copyOf(hints);
  }

  /**
   * One schema error: the problem, and the JSON Pointer of what it is about (the unknown key
   * itself for an unknown key, else the value), so a caller can leave that node out.
   */
  public record Finding(Problem problem, String pointer, boolean aboutKey) {}

  /**
   * The same checker, explaining pattern and type errors of the keys in {@code hints} (key name →
   * what is expected) instead of printing the regular expression.
   */
  public SchemaChecker withHints(Map<String, String> hints) {
    return new SchemaChecker(schema, raw, hints);
  }

  /** Loads a schema from the class path, e.g. {@code /io/mdrotator/policy/policy.schema.json}. */
  public static SchemaChecker fromClasspath(String resource) {
    try (InputStream in = SchemaChecker.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
      return new SchemaChecker(registry.getSchema(text, InputFormat.JSON), JSON.readTree(text), Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + resource, e);
    }
  }

  /** Every schema error with its pointer, sorted by position; errors at {@code skip} pointers are left out. */
  public List<Finding> findings(Path file, LocatedDocument doc, Set<String> skip) {
    List<Finding> out = new ArrayList<>();
    List<String> huge = doc.mayHoldHugeNumbers() ? HugeNumbers.in(doc.root()) : List.of();
    for (String pointer : huge) {
      if (!skip.contains(pointer)) {
        Location at = doc.valueAt(pointer);
        out.add(new Finding(new Problem(file, at.line(), at.column(), Severity.ERROR,
            Pointers.dotted(pointer) + ": number out of range"), pointer, false));
      }
    }
    JsonNode checked = huge.isEmpty() ? doc.root() : HugeNumbers.nulledAt(doc.root(), huge);
    for (Error e : schema.validate(checked)) {
      String pointer = pointer(e.getInstanceLocation());
      String property = e.getProperty();
      boolean aboutKey = property != null && "additionalProperties".equals(e.getKeyword());
      String target = aboutKey ? Pointers.child(pointer, property) : pointer;
      if (skip.contains(target) || skip.contains(pointer) || huge.contains(pointer)) {
        continue;
      }
      Location at = aboutKey ? doc.keyAt(target) : doc.valueAt(pointer);
      String message = aboutKey ? unknownKey(e, pointer, property) : message(e, pointer, property);
      out.add(new Finding(new Problem(file, at.line(), at.column(), Severity.ERROR, message), target, aboutKey));
    }
    out.sort(Comparator.comparing(Finding::problem,
        Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column)));
    return List.copyOf(out);
  }

  /** {@code unknown key 'tagets' in accounts[0] (did you mean 'targets'?)} when one is near. */
  private String unknownKey(Error e, String pointer, String property) {
    String m = "unknown key '" + property + "' in " + Pointers.dotted(pointer);
    return Suggestions.closest(property, allowedKeys(e)).map(k -> m + " (did you mean '" + k + "'?)").orElse(m);
  }

  /** The keys the schema object holding the failed {@code additionalProperties} declares. */
  private List<String> allowedKeys(Error e) {
    String failed = pointer(e.getSchemaLocation().getFragment());
    JsonNode properties = raw.at(Pointers.parent(failed)).path("properties");
    List<String> keys = new ArrayList<>();
    properties.propertyNames().forEach(keys::add);
    return keys;
  }

  private String message(Error e, String pointer, String property) {
    String kw = e.getKeyword();
    String where = Pointers.dotted(pointer);
    if ("required".equals(kw) && property != null) {
      return where + ": missing required key '" + property + "'";
    }
    String key = pointer.substring(pointer.lastIndexOf('/') + 1);
    String hint = hints.get(key);
    if (hint != null && ("pattern".equals(kw) || "minLength".equals(kw) || "maxLength".equals(kw))) {
      return where + ": must be " + hint;
    }
    if (hint != null && "type".equals(kw)) {
      return where + ": " + e.getMessage() + " (" + hint + ")";
    }
    String m = e.getMessage();
    return m.startsWith(where) || m.startsWith("$") ? m : where + ": " + m;
  }

  /** NodePath to JSON Pointer. */
  public static String pointer(NodePath path) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      if (el instanceof Integer n) {
        sb.append('/').append(n);
      } else {
        sb.append(Pointers.child("", String.valueOf(el)));
      }
    }
    return sb.toString();
  }
}
