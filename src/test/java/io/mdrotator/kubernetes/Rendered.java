package io.mdrotator.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The objects of one `kubectl kustomize` output, in order; mutable copies for the violation tests. */
final class Rendered {
  static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final List<ObjectNode> objects;

  private Rendered(List<ObjectNode> objects) {
    this.objects = objects;
  }

  static Rendered parse(String yaml) {
    List<ObjectNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && n.isObject()) {
          out.add((ObjectNode) n);
        }
      }
    }
    return new Rendered(out);
  }

  List<ObjectNode> all() {
    return objects;
  }

  List<ObjectNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asString(""))).collect(Collectors.toList());
  }

  Optional<ObjectNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
  }

  ObjectNode get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the render"));
  }

  /** A deep copy, to mutate. */
  Rendered copy() {
    List<ObjectNode> copies = new ArrayList<>();
    objects.forEach(o -> copies.add(o.deepCopy()));
    return new Rendered(copies);
  }

  void remove(String kind, String name) {
    if (!objects.removeIf(o -> kind.equals(o.path("kind").asString("")) && name.equals(name(o)))) {
      throw new AssertionError("no " + kind + " " + name + " to remove");
    }
  }

  void add(ObjectNode o) {
    objects.add(o);
  }

  static String name(JsonNode o) {
    return o.path("metadata").path("name").asString("");
  }

  static String id(JsonNode o) {
    return o.path("kind").asString("?") + " " + name(o);
  }
}
