package io.mdrotator.document;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Numbers no setting can hold: larger in magnitude than a 64-bit integer (e.g. {@code -1E+999}). The schema validator
 * fails on them with an exception instead of an error, so they are reported as errors of their own
 * and left out of what the validator sees.
 */
final class HugeNumbers {
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private HugeNumbers() {}

  /** The JSON Pointers of every number under {@code root} larger in magnitude than a 64-bit integer. */
  static List<String> in(JsonNode root) {
    List<String> out = new ArrayList<>();
    collect(root, new ArrayList<>(), out);
    return out;
  }

  /** A copy of {@code root} with a null at each of {@code pointers} (the root itself is never one). */
  static JsonNode nulledAt(JsonNode root, List<String> pointers) {
    JsonNode copy = root.deepCopy();
    for (String p : pointers) {
      JsonNode parent = copy.at(Pointers.parent(p));
      String last = p.substring(p.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
      if (parent instanceof ObjectNode o) {
        o.set(last, NullNode.getInstance());
      } else if (parent instanceof ArrayNode a) {
        a.set(Integer.parseInt(last), NullNode.getInstance());
      }
    }
    return copy;
  }

  /** Judged without converting: a conversion of such a number throws. */
  static boolean tooLarge(JsonNode number) {
    if (number.isDouble() || number.isFloat()) {
      double d = number.doubleValue();
      return !(Math.abs(d) <= Long.MAX_VALUE);
    }
    if (number.isBigDecimal() || number.isBigInteger()) {
      return number.decimalValue().abs().compareTo(LONG_MAX) > 0;
    }
    return false;
  }

  /** {@code path}: the keys and indexes leading to {@code node}; a pointer is built only for a hit. */
  private static void collect(JsonNode node, List<Object> path, List<String> out) {
    if (node.isNumber() && tooLarge(node)) {
      out.add(Pointers.of(path));
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        path.add(e.getKey());
        collect(e.getValue(), path, out);
        path.remove(path.size() - 1);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        collect(node.get(i), path, out);
        path.remove(path.size() - 1);
      }
    }
  }
}
