package io.mdrotator.observability;

import io.mdrotator.tools.canary.SecretScan;
import java.util.Collection;
import java.util.List;

/**
 * Test utility: fails when any watched secret appears in captured text (log output, a scrape, CLI
 * output, an exception message), also URL-encoded or Base64-encoded, naming where (label, line,
 * column) and which secret (by index and length, never its value).
 * <pre>{@code LeakCanary.watching(jwt, vaultToken).assertNoLeak("daemon stderr", captured);}</pre>
 */
public final class LeakCanary {
  private final List<String> secrets;

  private LeakCanary(List<String> secrets) {
    for (String s : secrets) {
      if (s == null || s.length() < SecretScan.MIN_LENGTH) {
        throw new IllegalArgumentException("secrets to watch must be at least " + SecretScan.MIN_LENGTH
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
    return new SecretScan(secrets).scan(label, text);
  }

  /** Throws {@link AssertionError} listing every leak in {@code text}. */
  public void assertNoLeak(String label, String text) {
    List<String> leaks = findLeaks(label, text);
    if (!leaks.isEmpty()) {
      throw new AssertionError("secret leaked (" + leaks.size() + "x):\n  " + String.join("\n  ", leaks));
    }
  }
}
