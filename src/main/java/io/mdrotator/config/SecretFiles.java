package io.mdrotator.config;

import io.mdrotator.policy.Problem;
import io.mdrotator.policy.document.LocatedDocument;
import io.mdrotator.policy.document.Pointers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code validate}'s check of a {@code {file: PATH}} secret source: the file must exist, be a
 * regular file and be readable by whoever runs validate. The content is never read, so nothing
 * of the secret can reach a message. Not done at daemon start, where reading the secret reports
 * the same failure by name.
 */
final class SecretFiles {
  private SecretFiles() {}

  /** {@code pointer}: the secret reference, e.g. {@code /motherduck/adminToken}; {@code path}: resolved. */
  static Optional<Problem> check(Path config, LocatedDocument doc, String pointer, Path path) {
    String why = !Files.exists(path) ? "does not exist"
        : !Files.isRegularFile(path) ? "is not a regular file"
        : !Files.isReadable(path) ? "is not readable" : null;
    if (why == null) {
      return Optional.empty();
    }
    String at = pointer + "/file";
    return Optional.of(ConfigLoader.problem(config, doc.valueAt(at), Pointers.dotted(at) + ": " + path + " " + why));
  }
}
