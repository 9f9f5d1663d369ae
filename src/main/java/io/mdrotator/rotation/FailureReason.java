package io.mdrotator.rotation;

import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckAuthException;
import io.mdrotator.port.MotherDuckIoException;
import io.mdrotator.port.MotherDuckMalformedResponseException;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.port.VaultPermissionDeniedException;
import io.mdrotator.port.VaultSealedException;
import io.mdrotator.port.VaultStoreException;

/**
 * The bounded classification of a failed attempt, used as the {@code reason} label of failure
 * counters and in audit events (the full cause stays in the exception and the log line). Derived
 * from the first adapter exception in the cause chain.
 */
public enum FailureReason {
  /** 401: the admin token is missing, invalid, expired or revoked. */
  MOTHERDUCK_AUTH("motherduck_auth"),
  /** 403: the admin token is valid but the operation is not allowed (not an Admin, not a service account). */
  MOTHERDUCK_FORBIDDEN("motherduck_forbidden"),
  MOTHERDUCK_NOT_FOUND("motherduck_not_found"),
  MOTHERDUCK_REJECTED("motherduck_rejected"),
  MOTHERDUCK_RATE_LIMITED("motherduck_rate_limited"),
  MOTHERDUCK_UNAVAILABLE("motherduck_unavailable"),
  MOTHERDUCK_IO("motherduck_io"),
  MOTHERDUCK_OUTCOME_UNKNOWN("motherduck_outcome_unknown"),
  MOTHERDUCK_MALFORMED("motherduck_malformed_reply"),
  VAULT_SEALED("vault_sealed"),
  VAULT_DENIED("vault_denied"),
  VAULT_REJECTED("vault_rejected"),
  VAULT_UNAVAILABLE("vault_unavailable"),
  VAULT_IO("vault_io"),
  CONFLICT("conflict"),
  VERIFY_MISMATCH("verify_mismatch"),
  INTERNAL("internal");

  private final String label;

  FailureReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The reason of {@code failure}: its first MotherDuck or Vault exception decides. */
  public static FailureReason of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MotherDuckApiException md) {
        return motherDuck(md);
      }
      if (t instanceof VaultStoreException v) {
        return vault(v);
      }
      if (t.getCause() == null && t instanceof RotationFailedException r) {
        return "verify".equals(r.step()) ? VERIFY_MISMATCH : "store".equals(r.step()) ? CONFLICT : INTERNAL;
      }
    }
    return INTERNAL;
  }

  private static FailureReason motherDuck(MotherDuckApiException e) {
    if (e instanceof TokenOutcomeUnknownException) {
      return MOTHERDUCK_OUTCOME_UNKNOWN;
    }
    if (e instanceof MotherDuckAuthException) {
      return e.status() == 403 ? MOTHERDUCK_FORBIDDEN : MOTHERDUCK_AUTH;
    }
    if (e instanceof MotherDuckNotFoundException) {
      return MOTHERDUCK_NOT_FOUND;
    }
    if (e instanceof MotherDuckMalformedResponseException) {
      return MOTHERDUCK_MALFORMED;
    }
    if (e instanceof MotherDuckIoException || e.status() == 0) {
      return MOTHERDUCK_IO;
    }
    if (e.status() == 429) {
      return MOTHERDUCK_RATE_LIMITED;
    }
    return e.status() >= 500 ? MOTHERDUCK_UNAVAILABLE : MOTHERDUCK_REJECTED;
  }

  private static FailureReason vault(VaultStoreException e) {
    if (e instanceof VaultSealedException) {
      return VAULT_SEALED;
    }
    if (e instanceof VaultPermissionDeniedException) {
      return VAULT_DENIED;
    }
    if (e.status() == 0) {
      return VAULT_IO;
    }
    return e.status() >= 500 || e.status() == 429 ? VAULT_UNAVAILABLE : VAULT_REJECTED;
  }
}
