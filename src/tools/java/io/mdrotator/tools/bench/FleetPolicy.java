package io.mdrotator.tools.bench;

import io.mdrotator.policy.LoadOptions;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.document.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A synthetic fleet: {@code slots} read/write slots spread over accounts of {@code perAccount}
 * slots each, 30-day tokens renewed when a third is left, built through the real policy loader.
 */
public record FleetPolicy(Policy policy, List<String> usernames) {
  public static final Duration TTL = Duration.ofDays(30);
  /** Moving time this far after the first issue makes every slot due (30 d × 2/3 ≈ 20 d, jitter ≤ 1 d). */
  public static final Duration ALL_DUE_SHIFT = Duration.ofDays(25);

  public static FleetPolicy of(int slots, int perAccount) {
    if (slots < 1 || perAccount < 1) {
      throw new IllegalArgumentException("slots and slots per account must be positive");
    }
    List<String> users = new ArrayList<>();
    StringBuilder yaml = new StringBuilder("""
        version: 1
        defaults:
          ttl: 30d
          renewBefore: 33%
          gracePeriod: 2d
        accounts:
        """);
    for (int i = 0; i < slots; i += perAccount) {
      String user = String.format(Locale.ROOT, "svc_%05d", i / perAccount);
      users.add(user);
      yaml.append("  - username: ").append(user).append("\n    slots:\n");
      for (int s = 0; s < Math.min(perAccount, slots - i); s++) {
        yaml.append("      - name: s").append(s).append("\n        token_type: read_write\n");
      }
    }
    LoadResult r = new PolicyLoader().load(Path.of("bench-policy.yaml"), yaml.toString(), LoadOptions.defaults());
    if (r.policy().isEmpty()) {
      throw new IllegalStateException("generated policy is invalid: "
          + r.errors().stream().map(Problem::format).toList());
    }
    return new FleetPolicy(r.policy().get(), users);
  }

  public int slotCount() {
    return policy.accounts().stream().mapToInt(a -> a.slots().size()).sum();
  }
}
