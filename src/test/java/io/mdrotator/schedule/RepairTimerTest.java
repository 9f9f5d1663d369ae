package io.mdrotator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The repair runs again and again at its delay, and no more once stopped. */
class RepairTimerTest {

  @Test
  void repeatsUntilStopped() throws Exception {
    RepairTimer timer = new RepairTimer();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    timer.start(() -> {
      runs.incrementAndGet();
      three.countDown();
    }, Duration.ofMillis(10));

    assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    timer.stop();
    Thread.sleep(50); // a run already started may finish
    int afterStop = runs.get();
    Thread.sleep(100);

    assertThat(runs.get()).isEqualTo(afterStop);
  }
}
