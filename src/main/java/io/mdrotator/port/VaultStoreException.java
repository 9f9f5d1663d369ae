package io.mdrotator.port;

/**
 * A failed Vault call with its context: operation, path (never a secret value), HTTP status (0 when
 * no reply) and Vault's {@code errors[]} text.
 */
public class VaultStoreException extends RuntimeException {
  private final String operation;
  private final String path;
  private final int status;

  public VaultStoreException(String operation, String path, int status, String detail, Throwable cause) {
    super(
        "Vault " + operation + (path == null ? "" : " of '" + path + "'") + " failed"
            + (status > 0 ? ": HTTP " + status : "")
            + (detail == null || detail.isBlank() ? "" : ": " + detail),
        cause);
    this.operation = operation;
    this.path = path;
    this.status = status;
  }

  public String operation() {
    return operation;
  }

  public String path() {
    return path;
  }

  /** HTTP status, or 0 when no reply was received. */
  public int status() {
    return status;
  }

  /** True for faults worth retrying later: no reply, 5xx (including sealed), 412, 429. */
  public boolean isTransient() {
    return status == 0 || status >= 500 || status == 412 || status == 429;
  }
}
