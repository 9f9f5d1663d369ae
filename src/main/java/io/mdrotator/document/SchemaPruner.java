package io.mdrotator.document;

import java.util.Collection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes one-pass validation possible: a copy of a document without the mapping entries schema
 * errors are about (an unknown key, a badly typed or malformed value), so the semantic and
 * cross-field checks can still run on the rest and report in the same pass. A value is left out
 * as if it had not been written (so inheritance and defaults apply to it); list items are never
 * removed, which keeps every index and so every reported location. The caller re-checks the
 * result: if the schema still fails (a required key or a list item was at fault), the semantic
 * checks must not run. With nothing to leave out, the document itself is returned: no caller
 * changes either tree.
 */
public final class SchemaPruner {
  private SchemaPruner() {}

  /** {@code pointers}: what was rejected ({@link SchemaChecker.Finding#pointer()}, inline secrets). */
  public static LocatedDocument prune(LocatedDocument doc, Collection<String> pointers) {
    if (pointers.stream().allMatch(String::isEmpty)) {
      return doc; // nothing to leave out: no copy (a valid 10,000-slot policy has ~60,000 nodes)
    }
    JsonNode copy = doc.root().deepCopy();
    for (String pointer : pointers) {
      if (pointer.isEmpty()) {
        continue;
      }
      JsonNode parent = copy.at(Pointers.parent(pointer));
      if (parent instanceof ObjectNode object) {
        object.remove(lastName(pointer));
      }
    }
    return doc.withRoot(copy);
  }

  private static String lastName(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
  }
}
