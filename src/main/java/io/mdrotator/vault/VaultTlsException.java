package io.mdrotator.vault;

import io.mdrotator.port.VaultStoreException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Vault TLS cannot work as configured: a CA, client certificate or key file is missing or unusable
 * (raised when the store is built, naming the file), or the server's certificate failed
 * verification during the handshake (not trusted by the configured CA, or not issued for the
 * address's host). Not transient: retrying gives the same result.
 */
public class VaultTlsException extends VaultStoreException {
  private final transient Path file;

  VaultTlsException(String operation, String path, Path file, String detail, Throwable cause) {
    super(operation, path, 0, detail, cause);
    this.file = file;
  }

  /** The file at fault, for configuration errors; empty for handshake failures. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
