package io.mdrotator.port;

import java.time.Duration;

/**
 * Told about every request the MotherDuck client and the Vault store make, so metrics can time
 * them without the clients depending on Micrometer. {@code target} is {@code motherduck} or
 * {@code vault}; {@code outcome} is {@code success}, {@code client_error}, {@code server_error},
 * {@code rate_limited} or {@code io_error}. Implementations must be fast and never throw.
 */
@FunctionalInterface
public interface ApiCallListener {
  ApiCallListener NOOP = (target, operation, outcome, elapsed) -> {};

  void completed(String target, String operation, String outcome, Duration elapsed);
}
