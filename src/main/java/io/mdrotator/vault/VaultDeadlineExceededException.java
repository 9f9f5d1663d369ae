package io.mdrotator.vault;

import io.mdrotator.port.VaultStoreException;
import java.time.Duration;

/**
 * A Vault exchange did not complete within its deadline, which covers connecting, the wait for the
 * reply headers and reading the whole body. Status 0 (no usable reply) and transient: a slow or
 * overloaded server may answer the next time, and reads are retried within their retry budget.
 */
public class VaultDeadlineExceededException extends VaultStoreException {
  private final Duration deadline;
  private final long bytesReceived;

  VaultDeadlineExceededException(String operation, String path, String detail, Duration deadline, long bytesReceived,
      Throwable cause) {
    super(operation, path, 0, detail, cause);
    this.deadline = deadline;
    this.bytesReceived = bytesReceived;
  }

  /** The deadline that passed. */
  public Duration deadline() {
    return deadline;
  }

  /** Body bytes received before the exchange was abandoned (0 when no headers came). */
  public long bytesReceived() {
    return bytesReceived;
  }
}
