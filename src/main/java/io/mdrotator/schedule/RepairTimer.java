package io.mdrotator.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A daemon thread that runs the schedule's repair at a fixed delay until stopped. */
final class RepairTimer {
  private final ScheduledExecutorService repairs = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "md-rotator-schedule-repair");
    t.setDaemon(true);
    return t;
  });

  /** Runs {@code repair} every {@code every}, first after one delay; it must not throw. */
  void start(Runnable repair, Duration every) {
    long ms = every.toMillis();
    repairs.scheduleWithFixedDelay(repair, ms, ms, TimeUnit.MILLISECONDS);
  }

  void stop() {
    repairs.shutdownNow();
  }
}
