package io.mdrotator.schedule;

import io.mdrotator.policy.SlotId;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Thin Quartz adapter: runs one slot through its {@link RotationScheduler}. One JobDetail per slot,
 * so {@code @DisallowConcurrentExecution} means one run per slot at a time.
 */
@DisallowConcurrentExecution
final class RotationJob implements Job {
  static final String SLOT_KEY = "slot";
  static final String POLICY_KEY = "policy";
  private final RotationScheduler scheduler;

  RotationJob(RotationScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void execute(JobExecutionContext context) {
    scheduler.runSlot(SlotId.parse(context.getMergedJobDataMap().getString(SLOT_KEY)));
  }
}
