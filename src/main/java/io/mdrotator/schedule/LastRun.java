package io.mdrotator.schedule;

import io.mdrotator.policy.SlotId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The last run of a slot in a clustered store: which node ran it, when, and how it ended.
 *
 * @param instanceId Quartz instance id of the node
 * @param finishedAt empty while the run is in flight (or its node died during it)
 * @param outcome {@link #RUNNING}, or what the run reported ({@code ok}, {@code rotated},
 *     {@code failed ...}); never a secret
 */
public record LastRun(SlotId slot, String instanceId, Instant startedAt, Optional<Instant> finishedAt, String outcome) {
  public static final String RUNNING = "running";

  public LastRun {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(outcome, "outcome");
  }
}
