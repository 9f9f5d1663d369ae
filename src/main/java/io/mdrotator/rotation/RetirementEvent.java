package io.mdrotator.rotation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a slot's retirement as the audit log records it ({@code retirement_<step>}). {@code
 * revokeAfter} is set for {@link Step#RECORDED}; {@code path} (a KV path, never a secret) for the
 * deletions. Revocations are reported as {@code revoked} events with reason {@code retired}.
 */
public record RetirementEvent(Step step, Optional<Instant> revokeAfter, Optional<String> path) {
  /** The steps, in the order a retirement passes them. */
  public enum Step {
    /** The retirement and its deadline are in the state document; minting has stopped. */
    RECORDED("recorded"),
    /** The slot is back in service before its retirement completed. */
    CANCELLED("cancelled"),
    /** The latest version of the slot's Vault secret is soft-deleted. */
    SECRET_DELETED("secret_deleted"),
    /** Every version of the slot's Vault secret and its metadata are destroyed. */
    SECRET_DESTROYED("secret_destroyed"),
    /** The state document is removed: the retirement is complete. */
    STATE_DELETED("state_deleted");

    private final String label;

    Step(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public RetirementEvent {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(revokeAfter, "revokeAfter");
    Objects.requireNonNull(path, "path");
  }

  static RetirementEvent recorded(Instant revokeAfter) {
    return new RetirementEvent(Step.RECORDED, Optional.of(revokeAfter), Optional.empty());
  }

  static RetirementEvent at(Step step, String path) {
    return new RetirementEvent(step, Optional.empty(), Optional.of(path));
  }

  static RetirementEvent cancelled() {
    return new RetirementEvent(Step.CANCELLED, Optional.empty(), Optional.empty());
  }
}
