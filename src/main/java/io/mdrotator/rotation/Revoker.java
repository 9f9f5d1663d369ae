package io.mdrotator.rotation;

import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.rotation.RotationListener.RevocationReason;

/** Revokes a token, reporting the outcome to the listener; 404 counts as already revoked. */
final class Revoker {
  private final MotherDuckApi md;
  private final RotationListener listener;
  private final StepHook steps;

  Revoker(MotherDuckApi md, RotationListener listener, StepHook steps) {
    this.md = md;
    this.listener = listener;
    this.steps = steps;
  }

  void revoke(io.mdrotator.policy.SlotId slot, String tokenId, RevocationReason reason) {
    steps.reached(ProtocolStep.BEFORE_REVOKE);
    try {
      md.revokeToken(slot.username(), tokenId);
    } catch (MotherDuckNotFoundException gone) {
      // already revoked or expired: the goal is reached
    } catch (RuntimeException e) {
      listener.revoked(slot, tokenId, reason, false);
      throw e;
    }
    listener.revoked(slot, tokenId, reason, true);
    steps.reached(ProtocolStep.AFTER_REVOKE);
  }
}
