package io.mdrotator.emulator.motherduck;

import io.mdrotator.secret.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link MotherDuckEmulator}. Defaults follow the API reference: duplicate username
 * is a 400, usernames 1..255 chars, TTL 300 s .. 365 d ({@code relaxedTtl} lowers the minimum to
 * 1 s and changes nothing else), and the org's tier limits of section 7.2: read-scaling flocks of
 * at most {@code maxFlockSize} = 16 ("defaulting to 16, adjustable") and read-scaling Ducklings of
 * pulse, standard or jumbo only ({@code largeReadScalingSizes} = false: mega and giga need a support
 * request). A PUT beyond a limit is a 400 "Invalid config for tier ...". {@code accounts} are
 * service accounts and {@code members} human members (an admin may not mint their tokens), both
 * created at start.
 */
public record EmulatorOptions(
    Secret adminToken,
    String host,
    int port,
    Clock clock,
    boolean relaxedTtl,
    Duration latency,
    List<String> accounts,
    List<String> members,
    int duplicateUsernameStatus,
    int minUsernameLength,
    int maxFlockSize,
    boolean largeReadScalingSizes,
    long faultSeed) {
  public EmulatorOptions {
    Objects.requireNonNull(adminToken, "adminToken");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(latency, "latency");
    accounts = List.copyOf(accounts);
    members = List.copyOf(members);
    if (duplicateUsernameStatus != 400 && duplicateUsernameStatus != 409) {
      throw new IllegalArgumentException("duplicateUsernameStatus must be 400 or 409");
    }
    if (minUsernameLength < 1 || maxFlockSize < 0 || maxFlockSize > 64 || port < 0) {
      throw new IllegalArgumentException("invalid emulator options");
    }
  }

  public static Builder builder(Secret adminToken) {
    return new Builder(adminToken);
  }

  /** Minimum accepted {@code ttl} in seconds. */
  public long minTtlSeconds() {
    return relaxedTtl ? 1 : 300;
  }

  /** Builder with the documented defaults; only the admin token is required. */
  public static final class Builder {
    private final Secret adminToken;
    private String host = "127.0.0.1";
    private int port;
    private Clock clock = Clock.systemUTC();
    private boolean relaxedTtl;
    private Duration latency = Duration.ZERO;
    private List<String> accounts = List.of();
    private List<String> members = List.of();
    private int duplicateUsernameStatus = 400;
    private int minUsernameLength = 1;
    private int maxFlockSize = 16;
    private boolean largeReadScalingSizes;
    private long faultSeed = 42;

    private Builder(Secret adminToken) {
      this.adminToken = adminToken;
    }

    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder clock(Clock v) { clock = v; return this; }
    public Builder relaxedTtl(boolean v) { relaxedTtl = v; return this; }
    public Builder latency(Duration v) { latency = v; return this; }
    /** Service accounts created at start. */
    public Builder accounts(List<String> v) { accounts = v; return this; }
    /** Human members created at start: a token for one is refused with 403 FORBIDDEN. */
    public Builder members(List<String> v) { members = v; return this; }
    public Builder duplicateUsernameStatus(int v) { duplicateUsernameStatus = v; return this; }
    public Builder minUsernameLength(int v) { minUsernameLength = v; return this; }
    /** Largest read-scaling {@code flock_size} the org's tier accepts, 0..64; default 16. */
    public Builder maxFlockSize(int v) { maxFlockSize = v; return this; }
    /** Whether read-scaling Ducklings may be mega or giga; default false (support request needed). */
    public Builder largeReadScalingSizes(boolean v) { largeReadScalingSizes = v; return this; }
    public Builder faultSeed(long v) { faultSeed = v; return this; }

    public EmulatorOptions build() {
      return new EmulatorOptions(adminToken, host, port, clock, relaxedTtl, latency, accounts, members,
          duplicateUsernameStatus, minUsernameLength, maxFlockSize, largeReadScalingSizes, faultSeed);
    }
  }
}
