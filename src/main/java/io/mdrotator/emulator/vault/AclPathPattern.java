package io.mdrotator.emulator.vault;

import java.util.Comparator;
import java.util.Optional;

/**
 * The path of a policy rule, matched as Vault's ACL matches it ({@code vault/acl.go}): an exact
 * path; a prefix when it ends in {@code *} (the glob is only special there); and {@code +} standing
 * for exactly one whole path segment, anywhere. A leading {@code /} is dropped, as Vault does.
 *
 * <p>Among the patterns that match one request, {@link #PRIORITY} orders them as Vault does, the
 * greatest deciding: the later the first {@code +} or {@code *}, the more specific; then a
 * non-prefix beats a prefix; then fewer {@code +} segments; then the longer pattern; then the
 * lexicographically smaller one. An exact path beats any pattern with a wildcard.
 */
record AclPathPattern(String text, String body, boolean prefix, int firstWildcard, int plusSegments) {

  /** Orders matching patterns by specificity, the most specific last. */
  static final Comparator<AclPathPattern> PRIORITY = Comparator
      .comparing(AclPathPattern::exact)
      .thenComparingInt(AclPathPattern::firstWildcard)
      .thenComparing(p -> !p.prefix())
      .thenComparingInt(p -> -p.plusSegments())
      .thenComparingInt(p -> p.body().length())
      .thenComparing(AclPathPattern::body, Comparator.reverseOrder());

  /**
   * Parses a rule's path; rejects what would not mean what it seems to: a {@code *} before the end
   * (Vault takes it literally), a {@code +} sharing a segment with other characters (literal too),
   * and templated paths ({@code {{identity...}}}), which this emulator does not resolve.
   */
  static AclPathPattern parse(String raw) {
    String text = raw.startsWith("/") ? raw.substring(1) : raw;
    if (text.contains("{{")) {
      throw new IllegalArgumentException("templated policy path \"" + raw + "\" is not supported");
    }
    int star = text.indexOf('*');
    if (star >= 0 && star != text.length() - 1) {
      throw new IllegalArgumentException("\"*\" is a glob only as the last character of a path: \"" + raw + "\"");
    }
    boolean prefix = star >= 0;
    String body = prefix ? text.substring(0, text.length() - 1) : text;
    String[] segments = body.split("/", -1);
    int plus = 0;
    for (String s : segments) {
      if (s.equals("+")) {
        plus++;
      } else if (s.contains("+")) {
        throw new IllegalArgumentException("\"+\" must be a whole path segment: \"" + raw + "\"");
      }
    }
    int firstPlus = plus == 0 ? Integer.MAX_VALUE : body.indexOf('+');
    int first = Math.min(firstPlus, prefix ? body.length() : Integer.MAX_VALUE);
    return new AclPathPattern(text, body, prefix, first, plus);
  }

  /** No wildcard at all: only the path itself matches (and, for a list, the path plus "/"). */
  boolean exact() {
    return !prefix && plusSegments == 0;
  }

  /** True when {@code path} (a request path, no leading slash) matches. */
  boolean matches(String path, boolean list) {
    if (exact()) {
      return path.equals(body) || (list && path.equals(body + "/"));
    }
    if (plusSegments == 0) {
      return path.startsWith(body);
    }
    return matchesSegments(path);
  }

  private boolean matchesSegments(String path) {
    String[] want = body.split("/", -1);
    String[] got = path.split("/", -1);
    if (got.length < want.length || (got.length > want.length && !prefix)) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      boolean last = i == want.length - 1;
      boolean ok = want[i].equals("+") || want[i].equals(got[i]) || (prefix && last && got[i].startsWith(want[i]));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The most specific of {@code patterns} that matches {@code path}. */
  static Optional<AclPathPattern> decisive(Iterable<AclPathPattern> patterns, String path, boolean list) {
    AclPathPattern best = null;
    for (AclPathPattern p : patterns) {
      if (p.matches(path, list) && (best == null || PRIORITY.compare(p, best) > 0)) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }
}
