package io.mdrotator.config;

import io.mdrotator.document.Problem;
import io.mdrotator.document.LocatedDocument;
import io.mdrotator.document.Pointers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code validate}'s check of the {@code {file: PATH}} secret sources: each file must exist, be a
 * regular file and be readable by whoever runs validate. Works on the raw tree, so it runs even
 * when other problems stop binding. The content is never read, so nothing of a secret can reach a
 * message. Not done at daemon start, where reading the secret reports the same failure by name.
 */
final class SecretFiles {
  private SecretFiles() {}

  /** One error per unusable file, located at its {@code file:} value; relative paths as the resolver does. */
  static List<Problem> check(Path config, LocatedDocument doc) {
    Path parent = config.toAbsolutePath().getParent();
    Path dir = parent != null ? parent : Path.of("").toAbsolutePath();
    List<Problem> out = new ArrayList<>();
    for (String secret : InlineSecrets.SECRET_POINTERS) {
      String at = secret + "/file";
      JsonNode name = doc.root().at(at);
      if (!name.isString() || name.asString().isEmpty()) {
        continue;
      }
      Path path = dir.resolve(name.asString()).normalize();
      String why = !Files.exists(path) ? "does not exist"
          : !Files.isRegularFile(path) ? "is not a regular file"
          : !Files.isReadable(path) ? "is not readable" : null;
      if (why != null) {
        out.add(ConfigLoader.problem(config, doc.valueAt(at), Pointers.dotted(at) + ": " + path + " " + why));
      }
    }
    return out;
  }
}
