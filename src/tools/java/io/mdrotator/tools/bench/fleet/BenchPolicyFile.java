package io.mdrotator.tools.bench.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The policy text the benchmarked daemon reads: {@code slots} read/write slots, {@code perAccount}
 * per service account ({@code svc_00000}, ...; slots {@code s0}, {@code s1}, ...), 30-day tokens
 * renewed when a third is left. Variants used by the reload figure keep the same accounts.
 *
 * @param slots slots in the file
 * @param perAccount slots per account
 * @param skipFirst the first {@code skipFirst} slots are left out (a reload that removes them)
 * @param gracePeriod the default grace period; changing it changes every slot's policy
 */
public record BenchPolicyFile(int slots, int perAccount, int skipFirst, String gracePeriod) {
  public BenchPolicyFile {
    if (slots < 1 || perAccount < 1 || skipFirst < 0 || skipFirst >= slots) {
      throw new IllegalArgumentException("slots and per-account must be positive, 0 <= skipFirst < slots");
    }
  }

  public static BenchPolicyFile of(int slots, int perAccount) {
    return new BenchPolicyFile(slots, perAccount, 0, "2d");
  }

  public BenchPolicyFile withoutFirst(int n) {
    return new BenchPolicyFile(slots, perAccount, n, gracePeriod);
  }

  public BenchPolicyFile withGracePeriod(String grace) {
    return new BenchPolicyFile(slots, perAccount, skipFirst, grace);
  }

  /** Slots this file declares. */
  public int declaredSlots() {
    return slots - skipFirst;
  }

  /** Every account of the full fleet, whether or not this variant declares a slot on it. */
  public List<String> usernames() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < slots; i += perAccount) {
      out.add(username(i / perAccount));
    }
    return out;
  }

  public String yaml() {
    StringBuilder y = new StringBuilder(64 * slots).append("""
        version: 1
        defaults:
          ttl: 30d
          renewBefore: 33%
        """).append("  gracePeriod: ").append(gracePeriod).append("\naccounts:\n");
    for (int i = 0; i < slots; i += perAccount) {
      int first = Math.max(i, skipFirst);
      int end = Math.min(i + perAccount, slots);
      if (first >= end) {
        continue;
      }
      y.append("  - username: ").append(username(i / perAccount)).append("\n    slots:\n");
      for (int s = first; s < end; s++) {
        y.append("      - name: s").append(s - i).append("\n        token_type: read_write\n");
      }
    }
    return y.toString();
  }

  static String username(int account) {
    return String.format(Locale.ROOT, "svc_%05d", account);
  }
}
