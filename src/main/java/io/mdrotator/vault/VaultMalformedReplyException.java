package io.mdrotator.vault;

import io.mdrotator.port.VaultStoreException;

/**
 * Vault answered, but not with the documented JSON: another content type (a proxy's HTML page), a
 * body that does not parse, or a required field missing. The message names the content type, the
 * body's size and what was missing, never the body. Status 0 and transient, like a lost reply:
 * reads are retried and a write is resolved by re-reading (a truncated reply may follow a
 * committed write).
 */
public class VaultMalformedReplyException extends VaultStoreException {
  VaultMalformedReplyException(String operation, String path, String detail) {
    super(operation, path, 0, detail, null);
  }
}
