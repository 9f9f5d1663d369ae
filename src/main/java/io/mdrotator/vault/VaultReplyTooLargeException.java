package io.mdrotator.vault;

import io.mdrotator.port.VaultStoreException;

/**
 * A Vault reply body was larger than {@link VaultConnection#MAX_REPLY_BYTES} (announced by
 * {@code Content-Length} or counted while reading); reading stopped at the limit and nothing of the
 * body is kept. Status 0 (no usable reply) but not transient: the same request would bring the same
 * reply, so it is not retried.
 */
public class VaultReplyTooLargeException extends VaultStoreException {
  private final long limitBytes;
  private final long bytesReceived;

  VaultReplyTooLargeException(String operation, String path, String detail, long limitBytes, long bytesReceived,
      Throwable cause) {
    super(operation, path, 0, detail, cause);
    this.limitBytes = limitBytes;
    this.bytesReceived = bytesReceived;
  }

  public long limitBytes() {
    return limitBytes;
  }

  /** Bytes counted when reading stopped (0 when {@code Content-Length} alone exceeded the limit). */
  public long bytesReceived() {
    return bytesReceived;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
