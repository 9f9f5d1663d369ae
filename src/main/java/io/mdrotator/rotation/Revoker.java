package io.mdrotator.rotation;

import io.mdrotator.motherduck.MotherDuckApi;
import io.mdrotator.motherduck.MotherDuckNotFoundException;
import io.mdrotator.rotation.RotationListener.RevocationReason;

/** Revokes a token, reporting the outcome to the listener; 404 counts as already revoked. */
final class Revoker {
  private final MotherDuckApi md;
  private final RotationListener listener;
  private final CrashPoints crash;

  Revoker(MotherDuckApi md, RotationListener listener, CrashPoints crash) {
    this.md = md;
    this.listener = listener;
    this.crash = crash;
  }

  void revoke(io.mdrotator.policy.SlotId slot, String tokenId, RevocationReason reason) {
    crash.reached(CrashPoint.BEFORE_REVOKE);
    try {
      md.revokeToken(slot.username(), tokenId);
    } catch (MotherDuckNotFoundException gone) {
      // already revoked or expired: the goal is reached
    } catch (RuntimeException e) {
      listener.revoked(slot, tokenId, reason, false);
      throw e;
    }
    listener.revoked(slot, tokenId, reason, true);
    crash.reached(CrashPoint.AFTER_REVOKE);
  }
}
