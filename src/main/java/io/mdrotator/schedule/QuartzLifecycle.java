package io.mdrotator.schedule;

import java.time.Duration;
import java.time.Instant;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether the Quartz scheduler runs, how many slot jobs its store holds, and stopping it. */
final class QuartzLifecycle {
  // logged under the scheduler's name, where operators look for schedule health
  private static final Logger LOG = LoggerFactory.getLogger(RotationScheduler.class);

  private final Scheduler quartz;

  QuartzLifecycle(Scheduler quartz) {
    this.quartz = quartz;
  }

  /** Stops firing, lets in-flight runs finish for up to {@code bound}; true when all finished. */
  boolean shutdown(Duration bound) {
    try {
      quartz.standby();
      Instant until = Instant.now().plus(bound);
      while (!quartz.getCurrentlyExecutingJobs().isEmpty() && Instant.now().isBefore(until)) {
        Thread.sleep(20);
      }
      boolean idle = quartz.getCurrentlyExecutingJobs().isEmpty();
      quartz.shutdown(false);
      return idle;
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz shutdown failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** True while Quartz is started and not shut down (for liveness). */
  boolean isRunning() {
    try {
      return quartz.isStarted() && !quartz.isShutdown() && !quartz.isInStandbyMode();
    } catch (SchedulerException e) {
      return false;
    }
  }

  /** Jobs in the store's slot group (all nodes' with a clustered store); -1 when the store fails. */
  int jobCount() {
    try {
      return quartz.getJobKeys(GroupMatcher.jobGroupEquals(SlotJobs.GROUP)).size();
    } catch (SchedulerException e) {
      LOG.warn("cannot count Quartz jobs: {}", e.toString());
      return -1;
    }
  }
}
