package io.mdrotator.observability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test utility: fails when any watched secret appears in captured text (log output, a scrape, CLI
 * output, an exception message), also URL-encoded or Base64-encoded, naming where (label, line,
 * column) and which secret (by index and length, never its value).
 * <pre>{@code LeakCanary.watching(jwt, vaultToken).assertNoLeak("daemon stderr", captured);}</pre>
 */
public final class LeakCanary {
  private static final int MIN_LENGTH = 8;
  private final List<String> secrets;

  private LeakCanary(List<String> secrets) {
    for (String s : secrets) {
      if (s == null || s.length() < MIN_LENGTH) {
        throw new IllegalArgumentException("secrets to watch must be at least " + MIN_LENGTH
            + " characters, or every short word would count as a leak");
      }
    }
    this.secrets = List.copyOf(secrets);
  }

  public static LeakCanary watching(String... secrets) {
    return new LeakCanary(List.of(secrets));
  }

  public static LeakCanary watching(Collection<String> secrets) {
    return new LeakCanary(List.copyOf(secrets));
  }

  /** Every occurrence as {@code label:line:column secret#i (len n, form)}; empty when clean. */
  public List<String> findLeaks(String label, String text) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i < secrets.size(); i++) {
      for (Map.Entry<String, String> form : forms(secrets.get(i)).entrySet()) {
        for (int at = text.indexOf(form.getValue()); at >= 0; at = text.indexOf(form.getValue(), at + 1)) {
          found.add(position(label, text, at) + " secret#" + i + " (len " + secrets.get(i).length()
              + ", " + form.getKey() + ")");
        }
      }
    }
    return found;
  }

  /** Throws {@link AssertionError} listing every leak in {@code text}. */
  public void assertNoLeak(String label, String text) {
    List<String> leaks = findLeaks(label, text);
    if (!leaks.isEmpty()) {
      throw new AssertionError("secret leaked (" + leaks.size() + "x):\n  " + String.join("\n  ", leaks));
    }
  }

  private static Map<String, String> forms(String secret) {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("plain", secret);
    String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    if (!url.equals(secret)) {
      forms.put("url-encoded", url);
    }
    forms.put("base64", Base64.getEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    return forms;
  }

  private static String position(String label, String text, int at) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return label + ":" + line + ":" + (at - lineStart + 1);
  }
}
