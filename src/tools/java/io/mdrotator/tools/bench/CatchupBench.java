package io.mdrotator.tools.bench;

import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.Reconciler;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.vault.VaultKvStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Figure 1, fleet catch-up: a fleet of N slots is issued its first tokens (no latency), time moves
 * forward until every slot is due, latency is switched on and one {@code reconcile} pass with
 * concurrency C rotates them all. The emulators count the requests it made.
 */
public final class CatchupBench {
  /** What one measured pass did. */
  public record Run(
      int slots, int perAccount, int concurrency, double rate, Duration wall, Duration cpu, Duration emulatorCpu, long rotated, long failed,
      long servedLive, long motherDuckRequests, long vaultRequests, Map<String, Long> motherDuckCounts,
      Map<String, Long> vaultCounts) {
    public double motherDuckPerRotation() {
      return (double) motherDuckRequests / slots;
    }

    public double vaultPerRotation() {
      return (double) vaultRequests / slots;
    }
  }

  /** Both the run and the naive loop's measurement on the same fleet, when asked for. */
  public record Result(Run run, java.util.Optional<NaiveLoop.Measurement> naive) {}

  private final Duration mdLatency;
  private final Duration vaultLatency;

  public CatchupBench(Duration mdLatency, Duration vaultLatency) {
    this.mdLatency = mdLatency;
    this.vaultLatency = vaultLatency;
  }

  /**
   * Seeds and rotates a fleet of {@code slots}; with {@code naiveMax > 0} the naive loop then
   * rotates the first {@code min(slots, naiveMax)} slots of the same fleet.
   */
  public Result run(int slots, int perAccount, int concurrency, double rate, int naiveMax) {
    FleetPolicy fleet = FleetPolicy.of(slots, perAccount);
    try (BenchEmulators emu = BenchEmulators.start(fleet.usernames())) {
      VaultKvStore vault = emu.vaultStore();
      RotationEngine seeder = engine(emu.motherDuckClient(0), vault, emu);
      List<SlotOutcome> seeded = new Reconciler(seeder, concurrency).runOnce(fleet.policy()).outcomes();
      requireAll(seeded, "seeding");
      emu.clock().advance(FleetPolicy.ALL_DUE_SHIFT);
      RotationEngine engine = engine(emu.motherDuckClient(rate), vault, emu);
      emu.applyLatency(mdLatency, vaultLatency);
      emu.resetCounters();
      long cpuStart = processCpuNanos();
      long emuCpuStart = BenchEmulators.emulatorCpuNanos();
      long start = System.nanoTime();
      List<SlotOutcome> out = new Reconciler(engine, concurrency).runOnce(fleet.policy()).outcomes();
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      Duration cpu = Duration.ofNanos(processCpuNanos() - cpuStart);
      Duration emuCpu = Duration.ofNanos(BenchEmulators.emulatorCpuNanos() - emuCpuStart);
      Run run = new Run(slots, perAccount, concurrency, rate, wall, cpu, emuCpu,
          out.stream().filter(o -> o.status() == SlotOutcome.Status.ROTATED).count(),
          out.stream().filter(SlotOutcome::failed).count(),
          servedLive(emu, fleet), emu.motherDuckRequests(), emu.vaultRequests(), emu.motherDuckCounts(), emu.vaultCounts());
      java.util.Optional<NaiveLoop.Measurement> naive = java.util.Optional.empty();
      if (naiveMax > 0) {
        naive = java.util.Optional.of(new NaiveLoop(emu.motherDuckClient(0), vault)
            .run(out.subList(0, Math.min(slots, naiveMax)), fleet.policy()));
      }
      return new Result(run, naive);
    }
  }

  private static RotationEngine engine(MotherDuckClient md, VaultKvStore vault, BenchEmulators emu) {
    return new RotationEngine(md, vault, EngineOptions.DEFAULTS, emu.clock(), RotationListener.NOOP,
        StepHook.NONE);
  }

  /** Slots whose Vault secret names a token MotherDuck says is live (checked through test hooks). */
  private static long servedLive(BenchEmulators emu, FleetPolicy fleet) {
    return fleet.policy().accounts().stream().flatMap(a -> a.slots().stream())
        .filter(s -> emu.vault().currentData(s.vaultPath())
            .map(d -> d.get("token_id")).map(String::valueOf)
            .filter(emu.motherDuck()::isTokenLive).isPresent())
        .count();
  }

  /** CPU time of the whole JVM: client, both emulators, GC and JIT. */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }

  private static void requireAll(List<SlotOutcome> outcomes, String phase) {
    List<SlotOutcome> failed = outcomes.stream().filter(SlotOutcome::failed).toList();
    if (!failed.isEmpty()) {
      throw new IllegalStateException(phase + ": " + failed.size() + " slots failed, first: "
          + failed.get(0).slot() + " " + failed.get(0).failure().map(Throwable::getMessage).orElse(""));
    }
  }
}
