package io.mdrotator.policy;

/** Expands and checks Vault path templates such as {@code motherduck/{username}/{slot}}. */
public final class VaultPaths {
  public static final String DEFAULT_TEMPLATE = "motherduck/{username}/{slot}";

  private VaultPaths() {}

  /**
   * The path for one slot; throws {@link IllegalArgumentException} saying what is wrong. A
   * placeholder is a {@code {...}} without braces inside, replaced left to right (called once per
   * slot on every load, so it scans by hand instead of with a regular expression).
   */
  public static String expand(String template, String username, String slot) {
    StringBuilder out = new StringBuilder(template.length() + username.length() + slot.length());
    int copied = 0;
    int open = template.indexOf('{');
    while (open >= 0) {
      int close = open + 1;
      while (close < template.length() && template.charAt(close) != '{' && template.charAt(close) != '}') {
        close++;
      }
      if (close == template.length()) {
        break;
      }
      if (template.charAt(close) == '{') {
        open = close;
        continue;
      }
      String name = template.substring(open + 1, close);
      String value =
          switch (name) {
            case "username" -> username;
            case "slot" -> slot;
            default -> throw new IllegalArgumentException(
                "unknown placeholder {" + name + "} in vaultPath '" + template
                    + "' (only {username} and {slot})");
          };
      out.append(template, copied, open).append(value);
      copied = close + 1;
      open = template.indexOf('{', copied);
    }
    out.append(template, copied, template.length());
    String path = out.toString();
    if (path.indexOf('{') >= 0 || path.indexOf('}') >= 0) {
      throw new IllegalArgumentException("unbalanced brace in vaultPath '" + template + "'");
    }
    if (path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
      throw new IllegalArgumentException(
          "vaultPath '" + template + "' must be relative to the mount, without empty segments");
    }
    for (int start = 0; start <= path.length(); ) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      if ((end - start == 1 || end - start == 2) && path.charAt(start) == '.' && path.charAt(end - 1) == '.') {
        throw new IllegalArgumentException("vaultPath '" + template + "' must not contain . or ..");
      }
      start = end + 1;
    }
    for (int i = 0; i < path.length(); ) {
      char ch = path.charAt(i);
      if (ch > ' ' && ch < 0x7f) { // printable ASCII but the space: neither whitespace nor control
        i++;
        continue;
      }
      int c = path.codePointAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException("vaultPath '" + template + "' must not contain whitespace");
      }
      i += Character.charCount(c);
    }
    return path;
  }
}
