package io.mdrotator.testing;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.UnmanagedTokens;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Policies for tests: read-write slots stored where the daemon's default layout puts them. */
public final class Slots {
  private Slots() {}

  /** Read-write slot {@code user/name}, served at {@code motherduck/<user>/<name>}. */
  public static SlotPolicy readWrite(String user, String name, Duration ttl, RenewBefore renewBefore, Duration grace) {
    return new SlotPolicy(new SlotId(user, name), TokenType.READ_WRITE, ttl, renewBefore, grace,
        "motherduck/" + user + "/" + name);
  }

  /** Read-write slot renewing a fixed {@code renewBefore} ahead of expiry. */
  public static SlotPolicy readWrite(String user, String name, Duration ttl, Duration renewBefore, Duration grace) {
    return readWrite(user, name, ttl, new RenewBefore.Fixed(renewBefore), grace);
  }

  /** A non-admin account holding {@code slots}. */
  public static AccountPolicy account(String user, Optional<DucklingConfig> ducklings, UnmanagedTokens unmanaged,
      SlotPolicy... slots) {
    return new AccountPolicy(user, false, ducklings, unmanaged, List.of(slots));
  }

  /** A non-admin account without Ducklings that reports unmanaged tokens. */
  public static AccountPolicy account(String user, SlotPolicy... slots) {
    return account(user, Optional.empty(), UnmanagedTokens.REPORT, slots);
  }
}
