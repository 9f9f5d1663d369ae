package io.mdrotator.config;

/** A secret could not be resolved; the message names the source (file, variable, credential), never a value. */
public final class SecretSourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient SecretSource source;

  public SecretSourceException(SecretSource source, String reason, Throwable cause) {
    super("cannot read secret from " + source.describe() + ": " + reason, cause);
    this.source = source;
  }

  public SecretSource source() {
    return source;
  }
}
