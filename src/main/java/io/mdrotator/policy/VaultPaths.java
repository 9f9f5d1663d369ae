package io.mdrotator.policy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands and checks Vault path templates such as {@code motherduck/{username}/{slot}}. */
public final class VaultPaths {
  public static final String DEFAULT_TEMPLATE = "motherduck/{username}/{slot}";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");

  private VaultPaths() {}

  /** The path for one slot; throws {@link IllegalArgumentException} saying what is wrong. */
  public static String expand(String template, String username, String slot) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value =
          switch (name) {
            case "username" -> username;
            case "slot" -> slot;
            default -> throw new IllegalArgumentException(
                "unknown placeholder {" + name + "} in vaultPath '" + template
                    + "' (only {username} and {slot})");
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    String path = out.toString();
    if (path.indexOf('{') >= 0 || path.indexOf('}') >= 0) {
      throw new IllegalArgumentException("unbalanced brace in vaultPath '" + template + "'");
    }
    if (path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
      throw new IllegalArgumentException(
          "vaultPath '" + template + "' must be relative to the mount, without empty segments");
    }
    for (String segment : path.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("vaultPath '" + template + "' must not contain . or ..");
      }
    }
    if (path.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException("vaultPath '" + template + "' must not contain whitespace");
    }
    return path;
  }
}
