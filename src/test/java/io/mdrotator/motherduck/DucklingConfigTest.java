package io.mdrotator.motherduck;

import io.mdrotator.policy.DucklingConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.DucklingConfig.InstanceSize;
import io.mdrotator.policy.DucklingConfig.ReadScaling;
import io.mdrotator.policy.DucklingConfig.ReadWrite;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the client trusts a PUT reply as the server's normalized config. */
class DucklingConfigTest {
  static DucklingConfig config(InstanceSize rw, Integer rwCool, InstanceSize rs, int flock, Integer rsCool) {
    return new DucklingConfig(new ReadWrite(rw, Optional.ofNullable(rwCool)),
        new ReadScaling(rs, flock, Optional.ofNullable(rsCool)));
  }

  @Test
  void aReplyIsCompleteWhenEveryNonPulseDucklingHasACooldown() {
    assertThat(config(InstanceSize.PULSE, null, InstanceSize.STANDARD, 1, 60).hasEveryCooldown()).isTrue();
    assertThat(config(InstanceSize.PULSE, null, InstanceSize.PULSE, 1, null).hasEveryCooldown()).isTrue();
    assertThat(config(InstanceSize.STANDARD, null, InstanceSize.PULSE, 1, null).hasEveryCooldown()).isFalse();
    assertThat(config(InstanceSize.STANDARD, 60, InstanceSize.JUMBO, 1, null).hasEveryCooldown()).isFalse();
  }
}
