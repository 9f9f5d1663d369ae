package io.mdrotator.observability;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last-line defence against credentials in log text: replaces JWT-shaped strings (MotherDuck
 * tokens), Vault tokens ({@code hvs.}, {@code hvb.}, {@code hvr.}, legacy {@code s.}), bearer
 * credentials and the value of {@code token=}/{@code secret_id:}-like pairs with {@code ****}.
 * Token ids ({@code token_id=...}) are not secrets and stay readable. Pure and thread-safe.
 */
public final class SecretMasker {
  public static final String MASK = "****";

  private static final List<Pattern> WHOLE = List.of(
      Pattern.compile("eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"),
      Pattern.compile("\\bhv[sbr]\\.[A-Za-z0-9_-]{20,}"),
      Pattern.compile("\\b[sbr]\\.[A-Za-z0-9]{24}\\b"));
  private static final Pattern BEARER =
      Pattern.compile("(?i)\\b((?:bearer|basic)\\s+)(?!\\*\\*\\*\\*)[A-Za-z0-9._~+/=-]{4,}");
  private static final Pattern PAIR = Pattern.compile(
      "(?i)\\b(token|access_token|client_token|secret|secret_id|password|passwd|api[_-]?key"
          + "|x-vault-token|authorization)(\\\\?[\"']?\\s*[=:]\\s*\\\\?[\"']?(?:(?:bearer|basic)\\s+)?+)"
          + "(?!\\*\\*\\*\\*)([^\\s\"'\\\\,;&}\\]]+)");

  private SecretMasker() {}

  /** {@code text} with every credential-shaped substring replaced; null stays null. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Pattern p : WHOLE) {
      out = p.matcher(out).replaceAll(MASK);
    }
    out = BEARER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    return PAIR.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
  }
}
