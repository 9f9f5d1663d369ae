package io.mdrotator.tools.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every benchmark shares: the emulated per-request latencies (a picocli mixin). */
public final class BenchOptions {
  @Option(names = "--md-latency", paramLabel = "MS", defaultValue = "25",
      description = "Emulated MotherDuck latency per request in ms (default ${DEFAULT-VALUE}).")
  int mdLatencyMs;

  @Option(names = "--vault-latency", paramLabel = "MS", defaultValue = "2",
      description = "Emulated Vault latency per request in ms (default ${DEFAULT-VALUE}).")
  int vaultLatencyMs;

  public Duration mdLatency() {
    return Duration.ofMillis(mdLatencyMs);
  }

  public Duration vaultLatency() {
    return Duration.ofMillis(vaultLatencyMs);
  }

  /** Throws when a latency is negative or above 10 s. */
  public void validate() {
    if (mdLatencyMs < 0 || mdLatencyMs > 10_000 || vaultLatencyMs < 0 || vaultLatencyMs > 10_000) {
      throw new IllegalArgumentException("latencies must be between 0 and 10000 ms");
    }
  }
}
