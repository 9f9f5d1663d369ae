package io.mdrotator.schedule;

import io.mdrotator.policy.SlotId;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;

/**
 * Thin Quartz adapter: runs one slot through its {@link RotationScheduler}. One JobDetail per slot,
 * so {@code @DisallowConcurrentExecution} means one run per slot at a time. In a clustered store
 * the run is also recorded in SLOT_RUNS (node, start, end, outcome) for {@code md-rotator plan}.
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
    SlotId id = SlotId.parse(context.getMergedJobDataMap().getString(SLOT_KEY));
    LastRunTable runs;
    String instance;
    try {
      runs = (LastRunTable) context.getScheduler().getContext().get(LastRunTable.CONTEXT_KEY);
      instance = context.getScheduler().getSchedulerInstanceId();
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz scheduler context unavailable for slot " + id, e);
    }
    if (runs == null) {
      scheduler.runSlot(id);
      return;
    }
    long started = runs.started(id, instance);
    String outcome = "error";
    try {
      outcome = scheduler.runSlot(id);
    } catch (RuntimeException e) {
      outcome = "error: " + e.getClass().getSimpleName();
      throw e;
    } finally {
      runs.finished(id, instance, started, outcome);
    }
  }
}
