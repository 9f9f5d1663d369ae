package io.mdrotator.emulator.vault;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the subset of Vault's policy HCL that md-rotator's policies use:
 *
 * <pre>
 * # comment, // comment, /* comment *&#47;
 * path "secret/data/motherduck/*" {
 *   capabilities = ["read", "update"]
 * }
 * </pre>
 *
 * Anything outside it is an {@link IllegalArgumentException} with line and column, because a
 * skipped constraint ({@code allowed_parameters}, {@code min_wrapping_ttl}, ...) or a legacy
 * {@code policy = "write"} would make the emulator grant something Vault would not (or the
 * reverse) without anyone noticing. A path given twice is rejected too: Vault would merge the
 * blocks, which is almost always an editing mistake in a least-privilege policy.
 */
final class HclPolicyParser {
  private static final char END = '\0';
  private final String text;
  private int pos;
  private int line = 1;
  private int column = 1;

  private HclPolicyParser(String text) {
    this.text = text;
  }

  static List<AclPolicy.Rule> parse(String hcl) {
    return new HclPolicyParser(hcl).rules();
  }

  private List<AclPolicy.Rule> rules() {
    List<AclPolicy.Rule> rules = new ArrayList<>();
    Set<String> paths = new HashSet<>();
    for (skipBlank(); pos < text.length(); skipBlank()) {
      int at = line;
      expectWord("path", "only path blocks are supported");
      String path = string();
      if (!paths.add(path)) {
        throw error("path \"" + path + "\" is given twice; merge the blocks");
      }
      Set<String> caps = blockBody();
      try {
        rules.add(new AclPolicy.Rule(path, caps));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + at + ": " + e.getMessage(), e);
      }
    }
    return rules;
  }

  /** {@code { capabilities = [...] }}: exactly one attribute, and it must be that one. */
  private Set<String> blockBody() {
    expect('{');
    Set<String> caps = null;
    for (skipBlank(); peek() != '}'; skipBlank()) {
      if (peek() == END) {
        throw error("expected '}', found end of input");
      }
      expectWord("capabilities", "only \"capabilities\" is supported inside a path block");
      if (caps != null) {
        throw error("\"capabilities\" is given twice");
      }
      expect('=');
      caps = capabilityList();
    }
    if (caps == null) {
      throw error("a path block needs \"capabilities\"");
    }
    advance();
    return caps;
  }

  /** {@code ["a", "b"]}, a trailing comma allowed; a capability listed twice is refused. */
  private Set<String> capabilityList() {
    expect('[');
    Set<String> caps = new LinkedHashSet<>();
    skipBlank();
    while (peek() != ']') {
      String c = string();
      if (!caps.add(c)) {
        throw error("capability \"" + c + "\" is listed twice");
      }
      skipBlank();
      if (peek() == ',') {
        advance();
        skipBlank();
      } else if (peek() != ']') {
        throw error("expected ',' or ']', found " + describe(peek()));
      }
    }
    advance();
    return caps;
  }

  private void expectWord(String word, String why) {
    skipBlank();
    int start = pos;
    while (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-') {
      advance();
    }
    String got = text.substring(start, pos);
    if (!got.equals(word)) {
      throw error((got.isEmpty() ? "unexpected " + describe(peek()) : "unsupported \"" + got + "\"") + ": " + why);
    }
  }

  private void expect(char c) {
    skipBlank();
    if (peek() != c) {
      throw error("expected '" + c + "', found " + describe(peek()));
    }
    advance();
  }

  /** A double-quoted string with {@code \"} and {@code \\} escapes; no interpolation. */
  private String string() {
    skipBlank();
    if (peek() != '"') {
      throw error("expected a double-quoted string, found " + describe(peek()));
    }
    advance();
    StringBuilder out = new StringBuilder();
    while (peek() != '"') {
      if (peek() == END || peek() == '\n') {
        throw error("unterminated string");
      }
      char c = advance();
      if (c == '\\') {
        char e = peek() == END ? ' ' : advance();
        if (e != '"' && e != '\\') {
          throw error("unsupported escape \\" + e);
        }
        c = e;
      }
      out.append(c);
    }
    advance();
    return out.toString();
  }

  /** Skips white space and {@code #}, {@code //} and {@code /* *&#47;} comments. */
  private void skipBlank() {
    while (pos < text.length()) {
      char c = peek();
      if (Character.isWhitespace(c)) {
        advance();
      } else if (c == '#' || text.startsWith("//", pos)) {
        while (pos < text.length() && peek() != '\n') {
          advance();
        }
      } else if (text.startsWith("/*", pos)) {
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
          throw error("unterminated comment");
        }
        while (pos < end + 2) {
          advance();
        }
      } else {
        return;
      }
    }
  }

  /** The next character, or {@link #END} after the last. */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : END;
  }

  private static String describe(char c) {
    return c == END ? "end of input" : "'" + c + "'";
  }

  private char advance() {
    char c = text.charAt(pos++);
    if (c == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    return c;
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("line " + line + ", column " + column + ": " + message);
  }
}
