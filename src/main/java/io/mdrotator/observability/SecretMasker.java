package io.mdrotator.observability;

import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last-line defence against credentials in log text: replaces JWT-shaped strings (MotherDuck
 * tokens), Vault tokens ({@code hvs.}, {@code hvb.}, {@code hvr.}, legacy {@code s.}), bearer
 * credentials and the value of {@code token=}/{@code secret_id:}-like pairs with {@code ****}.
 * Token ids ({@code token_id=...}) are not secrets and stay readable. Pure and thread-safe.
 *
 * <p>Prose is not a pair: in {@code keeping the current token: Vault renew-self failed} the word
 * after {@code token: } is the start of a sentence. After an unquoted {@code key: } (colon, then
 * whitespace), a plain word (1-20 letters, lower case, the first may be a capital) followed by more
 * words is left alone. Machine-made credentials never look like that: JWTs, Vault tokens and
 * AppRole ids contain dots or dashes, and a random alphanumeric string is a lower-case word by a
 * vanishingly small chance. Not after password keys (people choose words), not in quoted or
 * {@code =} pairs, and not at the end of the text or before punctuation: those stay masked.
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

  /** Keys whose values people choose, so a plain word after them is still a secret. */
  private static final Pattern HUMAN_CHOSEN = Pattern.compile("(?i)passw(?:or)?d");
  private static final Pattern PROSE_SEPARATOR = Pattern.compile("\\s*:\\s+");
  private static final Pattern PROSE_WORD = Pattern.compile("[A-Z]?[a-z]{1,19}");
  private static final Pattern MORE_PROSE = Pattern.compile("\\s+\\p{L}");

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
    String pairs = out;
    return PAIR.matcher(pairs).replaceAll(m -> Matcher.quoteReplacement(
        isProse(m, pairs) ? m.group() : m.group(1) + m.group(2) + MASK));
  }

  /** Whether a {@link #PAIR} match in {@code text} is a sentence going on after "key: " (class doc). */
  private static boolean isProse(MatchResult m, String text) {
    return !HUMAN_CHOSEN.matcher(m.group(1)).matches()
        && PROSE_SEPARATOR.matcher(m.group(2)).matches()
        && PROSE_WORD.matcher(m.group(3)).matches()
        && MORE_PROSE.matcher(text).region(m.end(), text.length()).lookingAt();
  }
}
