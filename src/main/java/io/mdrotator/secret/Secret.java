package io.mdrotator.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential value (MotherDuck token, admin token, Vault token, AppRole secret_id).
 *
 * <p>Contract: {@link #toString()} never shows the value, so a Secret can be passed to loggers,
 * exceptions and records safely. The only way to read the value is {@link #reveal()}, which is
 * called at the one place the value leaves the process (an HTTP header or body, a Vault write).
 */
public final class Secret {
  private static final String REDACTED = "Secret[****]";
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a value; rejects null and empty values, which are never valid credentials. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("secret value is empty");
    }
    return new Secret(value);
  }

  /** Returns the value. Call only where it is sent to its destination. */
  public String reveal() {
    return value;
  }

  /** Length, for diagnostics that must not show the value. */
  public int length() {
    return value.length();
  }

  /** Constant-time comparison, so equality checks do not leak the value through timing. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0; // deliberately constant: a hash of the value would be a (weak) fingerprint of it
  }

  @Override
  public String toString() {
    return REDACTED;
  }
}
