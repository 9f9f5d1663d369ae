package io.mdrotator.config;

import io.mdrotator.document.Problem;
import io.mdrotator.document.LocatedDocument;
import io.mdrotator.document.Location;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognises a policy given where a daemon configuration belongs ({@code validate --config
 * policy.yaml}): its top-level {@code version} and {@code accounts} keys are unknown to the config
 * schema, and without this hint the operator only sees {@code unknown key 'version'}.
 */
final class PolicyLookalike {
  private PolicyLookalike() {}

  /** A problem at the {@code version} key when the file has the policy's top-level keys (then the only one reported). */
  static Optional<Problem> problem(Path file, LocatedDocument doc) {
    if (!doc.root().has("version") || !doc.root().has("accounts")) {
      return Optional.empty();
    }
    Location at = doc.keyAt("/version");
    return Optional.of(ConfigLoader.problem(file, at, "this looks like a policy file (version, accounts), not a"
        + " daemon configuration; check a policy with: md-rotator validate --policy " + file));
  }
}
