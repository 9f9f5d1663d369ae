package io.mdrotator.port;

/** Vault answered 403: the token is unknown, expired or revoked, or its policy denies the path. */
public class VaultPermissionDeniedException extends VaultStoreException {
  public VaultPermissionDeniedException(String operation, String path, String detail, Throwable cause) {
    super(operation, path, 403, detail, cause);
  }
}
