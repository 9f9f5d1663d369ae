package io.mdrotator.emulator.motherduck;

import io.mdrotator.secret.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link MotherDuckEmulator}. Defaults follow the API reference: duplicate username
 * is a 400, usernames 1..255 chars, read-scaling limited to pulse/standard/jumbo with flock <= 16,
 * TTL 300 s .. 365 d ({@code relaxedTtl} lowers the minimum to 1 s and changes nothing else).
 */
public record EmulatorOptions(
    Secret adminToken,
    String host,
    int port,
    Clock clock,
    boolean relaxedTtl,
    Duration latency,
    List<String> accounts,
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
    public Builder accounts(List<String> v) { accounts = v; return this; }
    public Builder duplicateUsernameStatus(int v) { duplicateUsernameStatus = v; return this; }
    public Builder minUsernameLength(int v) { minUsernameLength = v; return this; }
    public Builder maxFlockSize(int v) { maxFlockSize = v; return this; }
    public Builder largeReadScalingSizes(boolean v) { largeReadScalingSizes = v; return this; }
    public Builder faultSeed(long v) { faultSeed = v; return this; }

    public EmulatorOptions build() {
      return new EmulatorOptions(adminToken, host, port, clock, relaxedTtl, latency, accounts,
          duplicateUsernameStatus, minUsernameLength, maxFlockSize, largeReadScalingSizes, faultSeed);
    }
  }
}
