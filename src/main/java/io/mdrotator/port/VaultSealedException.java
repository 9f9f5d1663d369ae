package io.mdrotator.port;

/** Vault answered 503 {@code Vault is sealed}: nothing works until an operator unseals it. */
public class VaultSealedException extends VaultStoreException {
  public VaultSealedException(String operation, String path, String detail, Throwable cause) {
    super(operation, path, 503, detail, cause);
  }
}
