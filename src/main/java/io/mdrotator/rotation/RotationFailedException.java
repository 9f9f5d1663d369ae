package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;

/**
 * A rotation attempt failed at {@code step}. The message ends with the cause's own message (adapter
 * exceptions carry status, server code and text, or the I/O cause, and never a secret), so a log
 * line or an audit event of this exception alone says why.
 */
public class RotationFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final SlotId slot;
  private final String rotationId;
  private final String step;

  public RotationFailedException(
      SlotId slot, String rotationId, String step, String detail, Throwable cause) {
    super("rotation " + rotationId + " of slot " + slot + " failed at " + step + ": " + detail
        + (cause == null || cause.getMessage() == null ? "" : " (cause: " + cause.getMessage() + ")"), cause);
    this.slot = slot;
    this.rotationId = rotationId;
    this.step = step;
  }

  public SlotId slot() {
    return slot;
  }

  public String rotationId() {
    return rotationId;
  }

  public String step() {
    return step;
  }

  /** Failed at or after storing the new token: what Vault serves may have changed. */
  public boolean mayHaveChangedServedToken() {
    return step.equals("store") || step.equals("verify") || step.equals("complete");
  }

  /**
   * Runs a best-effort clean-up of the failed attempt and returns this exception to throw: a
   * clean-up that fails too is kept as suppressed, so the failure reported is the attempt's own.
   */
  RotationFailedException afterCleanup(Runnable cleanup) {
    try {
      cleanup.run();
    } catch (RuntimeException e) {
      addSuppressed(e);
    }
    return this;
  }
}
