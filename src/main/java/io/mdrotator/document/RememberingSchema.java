package io.mdrotator.document;

import java.util.HashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * A YAML schema that resolves plain scalars exactly as {@code schema} does, remembering each
 * distinct scalar's tag: resolving runs regular expressions, and a large policy repeats the same
 * values tens of thousands of times ({@code read_write}, slot names). The parser asks for its
 * resolver once, when it is made (jackson-dataformat-yaml), and each call returns a new one, so
 * what is remembered belongs to one parse (one thread) and goes with it: no file's values are
 * kept. Resolving is a pure function of the scalar and its implicit flag.
 */
final class RememberingSchema implements Schema {
  private final Schema schema;

  RememberingSchema(Schema schema) {
    this.schema = schema;
  }

  @Override
  public ScalarResolver getScalarResolver() {
    ScalarResolver resolver = schema.getScalarResolver();
    Map<String, Tag> seen = new HashMap<>();
    return (value, implicit) -> {
      if (!Boolean.TRUE.equals(implicit)) {
        return resolver.resolve(value, implicit);
      }
      return seen.computeIfAbsent(value, v -> resolver.resolve(v, implicit));
    };
  }

  @Override
  public Map<Tag, ConstructNode> getSchemaTagConstructors() {
    return schema.getSchemaTagConstructors();
  }
}
