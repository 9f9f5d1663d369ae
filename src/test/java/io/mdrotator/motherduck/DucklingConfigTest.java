package io.mdrotator.motherduck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.motherduck.DucklingConfig.InstanceSize;
import io.mdrotator.motherduck.DucklingConfig.ReadScaling;
import io.mdrotator.motherduck.DucklingConfig.ReadWrite;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Drift is judged over the fields a desired config sets, against the server's normalized values. */
class DucklingConfigTest {
  static DucklingConfig config(InstanceSize rw, Integer rwCool, InstanceSize rs, int flock, Integer rsCool) {
    return new DucklingConfig(new ReadWrite(rw, Optional.ofNullable(rwCool)),
        new ReadScaling(rs, flock, Optional.ofNullable(rsCool)));
  }

  @Test
  void aServerDefaultForAnOmittedCooldownIsNotDrift() {
    DucklingConfig desired = config(InstanceSize.STANDARD, null, InstanceSize.STANDARD, 4, null);
    DucklingConfig server = config(InstanceSize.STANDARD, 60, InstanceSize.STANDARD, 4, 60);
    assertThat(server.satisfies(desired)).isTrue();
    assertThat(server).isNotEqualTo(desired);
  }

  @Test
  void everySetFieldCounts() {
    DucklingConfig server = config(InstanceSize.JUMBO, 60, InstanceSize.STANDARD, 4, 120);
    assertThat(server.satisfies(config(InstanceSize.JUMBO, 60, InstanceSize.STANDARD, 4, 120))).isTrue();
    assertThat(server.satisfies(config(InstanceSize.MEGA, 60, InstanceSize.STANDARD, 4, 120))).isFalse();
    assertThat(server.satisfies(config(InstanceSize.JUMBO, 90, InstanceSize.STANDARD, 4, 120))).isFalse();
    assertThat(server.satisfies(config(InstanceSize.JUMBO, 60, InstanceSize.PULSE, 4, null))).isFalse();
    assertThat(server.satisfies(config(InstanceSize.JUMBO, 60, InstanceSize.STANDARD, 5, 120))).isFalse();
    assertThat(server.satisfies(config(InstanceSize.JUMBO, 60, InstanceSize.STANDARD, 4, 60))).isFalse();
  }

  @Test
  void aCooldownWantedForPulseIsIgnoredBecauseItIsNeverSent() {
    DucklingConfig server = config(InstanceSize.PULSE, null, InstanceSize.PULSE, 1, null);
    assertThat(server.satisfies(config(InstanceSize.PULSE, 300, InstanceSize.PULSE, 1, 60))).isTrue();
  }

  @Test
  void aReplyIsCompleteWhenEveryNonPulseDucklingHasACooldown() {
    assertThat(config(InstanceSize.PULSE, null, InstanceSize.STANDARD, 1, 60).hasEveryCooldown()).isTrue();
    assertThat(config(InstanceSize.STANDARD, null, InstanceSize.PULSE, 1, null).hasEveryCooldown()).isFalse();
    assertThat(config(InstanceSize.STANDARD, 60, InstanceSize.JUMBO, 1, null).hasEveryCooldown()).isFalse();
  }
}
