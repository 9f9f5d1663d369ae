package io.mdrotator.tools.bench.fleet;

import io.mdrotator.observability.RotationMetrics;
import io.mdrotator.observability.SlotKey;
import io.mdrotator.policy.LoadOptions;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyDiff;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.schedule.RotationScheduler;
import io.mdrotator.schedule.SchedulerOptions;
import io.mdrotator.schedule.SlotRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The pieces of start-up and reload, timed in this JVM without network: parse and validate the
 * policy file, register the per-slot series and scrape them, schedule every slot with Quartz,
 * diff two policies, apply a reload to the scheduler. Each step runs {@code rounds} times; the
 * fastest and the slowest round are reported (the first round includes class loading and JIT).
 */
public final class ComponentBench {
  /** Fastest and slowest of the rounds of one step. */
  public record Step(String name, Duration fastest, Duration slowest) {}

  private final int slots;
  private final int perAccount;
  private final int rounds;

  public ComponentBench(int slots, int perAccount, int rounds) {
    this.slots = slots;
    this.perAccount = perAccount;
    this.rounds = rounds;
  }

  public List<Step> run() {
    // Each scheduler step shuts its scheduler down right after the timed call, while the initial
    // runs still fire; a run that Quartz handed to its worker just before the shutdown then fails
    // to reschedule and Quartz logs it as an error. Harmless here (the scheduler is discarded).
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.quartz.core"))
        .setLevel(ch.qos.logback.classic.Level.OFF);
    BenchPolicyFile full = BenchPolicyFile.of(slots, perAccount);
    int removed = Math.max(1, slots / 100);
    String fullYaml = full.yaml();
    Map<String, Supplier<Runnable>> steps = new LinkedHashMap<>();
    Policy p = load(fullYaml);
    Policy fewer = load(full.withoutFirst(removed).yaml());
    Policy regraced = load(full.withGracePeriod("3d").yaml());
    List<SlotKey> keys = p.slots().stream().map(s -> new SlotKey(s.id(), s.tokenType().wire())).toList();
    steps.put("parse + validate policy file", () -> () -> load(fullYaml));
    steps.put("register per-slot series (sync)", () -> {
      RotationMetrics m = RotationMetrics.create(Clock.systemUTC(), "bench");
      return () -> m.syncSlots(keys);
    });
    steps.put("scrape /metrics text", () -> {
      RotationMetrics m = RotationMetrics.create(Clock.systemUTC(), "bench");
      m.syncSlots(keys);
      return () -> m.scrape("text/plain;version=0.0.4");
    });
    steps.put("diff + summary, every slot changed", () -> () -> PolicyDiff.between(p, regraced).summary());
    steps.put("scheduler start (all slots)", () -> {
      RotationScheduler s = scheduler();
      return () -> {
        s.start(p);
        s.shutdown(Duration.ofSeconds(5));
      };
    });
    steps.put("scheduler apply: remove " + removed + " slots", () -> started(p, s -> s.apply(p, fewer)));
    steps.put("scheduler apply: add " + removed + " slots", () -> started(fewer, s -> s.apply(fewer, p)));
    steps.put("scheduler apply: every slot changed", () -> started(p, s -> s.apply(p, regraced)));
    List<Step> out = new ArrayList<>();
    steps.forEach((name, setup) -> out.add(time(name, setup)));
    return out;
  }

  /** A started scheduler on {@code initial}; the timed action is {@code apply}, then it shuts down. */
  private Runnable started(Policy initial, java.util.function.Consumer<RotationScheduler> apply) {
    RotationScheduler s = scheduler();
    s.start(initial);
    return () -> {
      apply.accept(s);
      s.shutdown(Duration.ofSeconds(5));
    };
  }

  /** Quartz with one thread whose runs return at once, planning the next run a day later. */
  private static RotationScheduler scheduler() {
    SlotRunner runner = (slot, account) -> Clock.systemUTC().instant().plus(Duration.ofDays(1));
    return new RotationScheduler(runner, Clock.systemUTC(), new SchedulerOptions("bench-" + UUID.randomUUID(), 1,
        Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(30)));
  }

  private Step time(String name, Supplier<Runnable> setup) {
    long fastest = Long.MAX_VALUE;
    long slowest = 0;
    for (int i = 0; i < rounds; i++) {
      Runnable action = setup.get();
      long t0 = System.nanoTime();
      action.run();
      long took = System.nanoTime() - t0;
      fastest = Math.min(fastest, took);
      slowest = Math.max(slowest, took);
    }
    return new Step(name, Duration.ofNanos(fastest), Duration.ofNanos(slowest));
  }

  private static Policy load(String yaml) {
    LoadResult r = new PolicyLoader().load(Path.of("bench-policy.yaml"), yaml, LoadOptions.defaults());
    return r.policy().orElseThrow(() -> new IllegalStateException("generated policy is invalid"));
  }
}
