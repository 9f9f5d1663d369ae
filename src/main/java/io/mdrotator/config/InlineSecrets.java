package io.mdrotator.config;

import io.mdrotator.document.Problem;
import io.mdrotator.document.LocatedDocument;
import io.mdrotator.document.Pointers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Finds secrets written into the config file itself, on the parsed tree before the schema check:
 * a scalar where a secret reference belongs, and a password inside {@code scheduler.jdbc.url}
 * ({@code password=} or {@code sslpassword=} parameters, or {@code user:password@}). Each is an
 * error at the value's line and column; the value is never quoted, and no other check may report
 * it either ({@link #pointers} are skipped by the schema check).
 */
final class InlineSecrets {
  static final Set<String> SECRET_POINTERS = Set.of("/motherduck/adminToken", "/vault/auth/token",
      "/vault/auth/roleId", "/vault/auth/secretId", "/scheduler/jdbc/password");
  static final String JDBC_URL = "/scheduler/jdbc/url";
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)[?&;](ssl)?password=");
  private static final Pattern URL_USER_INFO = Pattern.compile("//[^/?#@]*:[^/?#@]*@");
  private static final String REFERENCE = "{file: PATH}, {env: NAME} or {credential: NAME}";

  private final Set<String> pointers = new TreeSet<>();
  private final List<Problem> problems = new ArrayList<>();

  InlineSecrets(Path file, LocatedDocument doc) {
    for (String p : SECRET_POINTERS) {
      JsonNode n = doc.root().at(p);
      if (!n.isMissingNode() && !n.isObject() && !n.isNull()) {
        pointers.add(p);
        problems.add(ConfigLoader.problem(file, doc.valueAt(p), Pointers.dotted(p)
            + ": inline secrets are not allowed; reference it as " + REFERENCE));
      }
    }
    JsonNode url = doc.root().at(JDBC_URL);
    if (url.isString() && holdsPassword(url.asString())) {
      pointers.add(JDBC_URL);
      problems.add(ConfigLoader.problem(file, doc.valueAt(JDBC_URL), "scheduler.jdbc.url: holds a password;"
          + " inline secrets are not allowed; remove it from the URL and set scheduler.jdbc.password to " + REFERENCE));
    }
  }

  static boolean holdsPassword(String jdbcUrl) {
    return URL_PASSWORD.matcher(jdbcUrl).find() || URL_USER_INFO.matcher(jdbcUrl).find();
  }

  /** Where inline secrets were found: no other check reports these positions. */
  Set<String> pointers() {
    return pointers;
  }

  List<Problem> problems() {
    return problems;
  }
}
