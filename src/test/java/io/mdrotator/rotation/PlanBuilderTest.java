package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.rotation.PlannedAction.DropIntent;
import io.mdrotator.rotation.PlannedAction.RevokeOrphan;
import io.mdrotator.rotation.PlannedAction.Rotate;
import io.mdrotator.rotation.PlannedAction.RotateReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A plan runs recovery first, then the rotation, then revocations; it wakes at the earliest time asked. */
class PlanBuilderTest {
  private static final Instant RESYNC = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void recoveryThenRotationThenRevocations() {
    PlanBuilder b = new PlanBuilder(RESYNC);
    b.later.add(new RevokeOrphan("t2", "md-rotator-a-2"));
    b.rotate = new Rotate(RotateReason.DUE);
    b.first.add(new DropIntent("r1"));

    assertThat(b.ordered()).containsExactly(
        new DropIntent("r1"), new Rotate(RotateReason.DUE), new RevokeOrphan("t2", "md-rotator-a-2"));
  }

  @Test
  void noRotationLeavesOnlyTheOtherActions() {
    PlanBuilder b = new PlanBuilder(RESYNC);
    b.first.add(new DropIntent("r1"));

    assertThat(b.ordered()).containsExactly(new DropIntent("r1"));
  }

  @Test
  void wakesAtTheEarliestInstantAndNeverLaterThanTheResync() {
    PlanBuilder b = new PlanBuilder(RESYNC);
    b.wakeAt(RESYNC.plusSeconds(60));
    assertThat(b.wake).isEqualTo(RESYNC);

    b.wakeAt(RESYNC.minusSeconds(30));
    b.wakeAt(RESYNC.minusSeconds(10));
    assertThat(b.wake).isEqualTo(RESYNC.minusSeconds(30));
  }
}
