package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.demo.DemoEnvironment;
import org.junit.jupiter.api.Test;

/** {@code reconcile --concurrency C}: validated 1..256, and a parallel pass does every slot. */
class ReconcileConcurrencyOptionTest {

  @Test
  void rejectsZeroAndTooManyWithExitTwoBeforeTouchingAnything() {
    for (String c : new String[] {"0", "257", "-3"}) {
      CliRun r = CliRun.of("reconcile", "--config", "/nonexistent/md-rotator.yaml", "--concurrency", c);
      assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
      assertThat(r.err()).contains("--concurrency must be between 1 and 256, was " + c);
    }
  }

  @Test
  void aParallelPassIssuesEverySlot() throws Exception {
    try (DemoEnvironment env = DemoEnvironment.start(0)) {
      CliRun r = CliRun.of("reconcile", "--config", env.configFile().toString(), "--concurrency", "4");
      assertThat(r.exitCode()).as(r.all()).isZero();
      assertThat(r.out()).contains("reconcile: 4 slots, 0 failed")
          .contains("etl_loader/rw ROTATED").contains("ml_scoring/rw ROTATED");
    }
  }
}
