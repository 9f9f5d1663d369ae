package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.policy.SlotId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One thread at a time per slot; other slots are not held up; a failed run releases the lock. */
class SlotLocksTest {
  private final SlotLocks locks = new SlotLocks();
  private final SlotId a = new SlotId("svc_a", "app");
  private final SlotId b = new SlotId("svc_b", "app");

  @Test
  void aSecondRunOfTheSameSlotWaitsWhileAnotherSlotRuns() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> locks.holding(a, () -> {
      inside.countDown();
      await(release);
      return null;
    }));
    holder.start();
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(locks.holding(b, () -> "other slot")).isEqualTo("other slot");
    AtomicBoolean secondRan = new AtomicBoolean();
    Thread second = new Thread(() -> locks.holding(a, () -> {
      secondRan.set(true);
      return null;
    }));
    second.start();
    second.join(200);
    assertThat(secondRan).as("same slot while held").isFalse();

    release.countDown();
    second.join(5_000);
    holder.join(5_000);
    assertThat(secondRan).isTrue();
  }

  @Test
  void aThrowingRunReleasesTheLock() {
    assertThatThrownBy(() -> locks.holding(a, () -> {
      throw new IllegalStateException("boom");
    })).hasMessage("boom");

    assertThat(locks.holding(a, () -> "again")).isEqualTo("again");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
