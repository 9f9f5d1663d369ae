package io.mdrotator.rotation;

import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.port.TokenRequest;
import io.mdrotator.rotation.RotationListener.RevocationReason;

/**
 * The mint step of a rotation. When MotherDuck refuses, or the outcome is unknown, it cleans up
 * what it can (the intent, and any token minted under the intent's name) before throwing, and
 * leaves the intent for the planner when the clean-up itself fails.
 */
final class TokenMinter {
  private final MotherDuckApi md;
  private final StateStore state;
  private final Revoker revoker;

  TokenMinter(MotherDuckApi md, StateStore state, Revoker revoker) {
    this.md = md;
    this.state = state;
    this.revoker = revoker;
  }

  IssuedToken mint(SlotPolicy slot, String rid, String name, String statePath) {
    try {
      return md.createToken(
          slot.id().username(), TokenRequest.of(name, slot.ttl(), slot.tokenType()));
    } catch (TokenOutcomeUnknownException e) {
      // The token may exist but its secret is lost: revoke it if listed, then forget the intent.
      // If that fails the intent stays, and the planner revokes the token once it is stale.
      throw fail(slot, rid, "create-token outcome unknown", e).afterCleanup(() -> {
        for (TokenInfo t : md.listTokens(slot.id().username())) {
          if (t.name().equals(name)) {
            revoker.revoke(slot.id(), t.id(), RevocationReason.ORPHAN);
          }
        }
        state.update(statePath, s -> s.withoutIntent(rid));
      });
    } catch (MotherDuckApiException e) {
      throw fail(slot, rid, "create-token rejected", e)
          .afterCleanup(() -> state.update(statePath, s -> s.withoutIntent(rid)));
    }
  }

  private static RotationFailedException fail(
      SlotPolicy slot, String rid, String detail, Throwable cause) {
    return new RotationFailedException(slot.id(), rid, "mint", detail, cause);
  }
}
