package io.mdrotator.rotation;

import io.mdrotator.policy.SlotId;

/** A rotation attempt failed at {@code step}; the cause carries the adapter's context. */
public class RotationFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final SlotId slot;
  private final String rotationId;
  private final String step;

  public RotationFailedException(
      SlotId slot, String rotationId, String step, String detail, Throwable cause) {
    super("rotation " + rotationId + " of slot " + slot + " failed at " + step + ": " + detail, cause);
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
}
