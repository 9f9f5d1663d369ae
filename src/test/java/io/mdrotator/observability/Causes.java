package io.mdrotator.observability;

import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.ErrorReply;
import io.mdrotator.port.MotherDuckAuthException;
import io.mdrotator.port.MotherDuckIssue;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationFailedException;
import io.mdrotator.port.VaultSealedException;
import java.util.List;
import java.util.Optional;

/** Failure causes shaped as the engine reports them: a failed step wrapping the adapter's exception. */
final class Causes {
  static final String FORBIDDEN = "admins cannot create tokens for other members; only for service accounts";
  /** How MotherDuckIssue renders the ttl issue below: its field path, then its message. */
  static final String TTL_ISSUE = "ttl: Number must be greater than or equal to 300";

  private Causes() {}

  /** MotherDuck 403 FORBIDDEN on create-token. */
  static RotationFailedException mintForbidden(SlotId slot, String rotationId) {
    return new RotationFailedException(slot, rotationId, "mint", "create-token rejected",
        new MotherDuckAuthException("createToken", slot.username(), 403, "FORBIDDEN", FORBIDDEN, List.of()));
  }

  /** MotherDuck 400 with a zod issue on the {@code ttl} field, as the client decodes it. */
  static RotationFailedException mintTtlRejected(SlotId slot, String rotationId) {
    MotherDuckIssue ttl = new MotherDuckIssue(Optional.of("too_small"),
        "Number must be greater than or equal to 300", List.of("ttl"));
    return new RotationFailedException(slot, rotationId, "mint", "create-token rejected",
        new MotherDuckApiException("createToken", slot.username(),
            new ErrorReply(400, "BAD_REQUEST", "Invalid request", List.of(ttl)), 1, null));
  }

  /** {@code cause} as the engine reports a failed mint. */
  static RotationFailedException wrapMint(SlotId slot, Throwable cause) {
    return new RotationFailedException(slot, "r-w", "mint", "create-token outcome unknown", cause);
  }

  /** MotherDuck 503 on create-token. */
  static RotationFailedException mintUnavailable(SlotId slot, String rotationId) {
    return new RotationFailedException(slot, rotationId, "mint", "create-token failed",
        new MotherDuckApiException("createToken", slot.username(), 503, null, "Service Unavailable", List.of(), null));
  }

  /** Vault sealed while storing. */
  static RotationFailedException storeSealed(SlotId slot, String rotationId) {
    return new RotationFailedException(slot, rotationId, "store", "write failed",
        new VaultSealedException("write", "secret/data/motherduck/" + slot.username(), "Vault is sealed", null));
  }
}
