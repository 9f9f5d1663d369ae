package io.mdrotator.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.tools.probe.ProbeFigures;
import io.mdrotator.rotation.SlotOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault matrix: every {@link FaultCells} cell on one pair of emulators. A
 * cell's timeline: first token stored at t0 (no fault), the fault from 35 min (the rotation is due at
 * about 38 to 40 min), every fault removed at 55 min, end at 75 min (plus the daemon's clock skew);
 * a cell may set its own heal and end times ({@link FaultCell.Options}). Checks per cell: its
 * expected outcome (rotation completed, old token revoked, never early, or dead when the cell lets it
 * die), no orphan, convergence, probe violations (0 unless the cell documents them), that the fault
 * really fired, and the cell's own checks (recovery times, event reasons). Figures go to {@code
 * target/reliability/fault-figures.json}.
 */
class FaultMatrixTest {
  static final Duration FAULTED_UNTIL = Duration.ofMinutes(55);
  static final Duration END = Duration.ofMinutes(75);
  static final Path FIGURES = Path.of("target", "reliability", "fault-figures.json");

  record CellResult(String name, String area, String fault, String expected, String observed, long faults,
      long probeReads, long violations, long millis, List<String> problems) {}

  private static FaultWorld world;
  private static final List<CellResult> results = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    world = new FaultWorld();
  }

  @AfterAll
  static void finish() throws IOException {
    world.close();
    Map<String, Object> figures = new java.util.LinkedHashMap<>();
    figures.put("cells", results.size());
    figures.put("faultsInjected", results.stream().mapToLong(CellResult::faults).sum());
    figures.put("probeReads", results.stream().mapToLong(CellResult::probeReads).sum());
    figures.put("violations", results.stream().mapToLong(CellResult::violations).sum());
    figures.put("cellsWithExpectedViolations", results.stream().filter(r -> r.violations() > 0).map(CellResult::name).toList());
    figures.put("millis", results.stream().mapToLong(CellResult::millis).sum());
    figures.put("results", results);
    Files.createDirectories(FIGURES.getParent());
    Files.writeString(FIGURES, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
        .writeValueAsString(figures));
    System.out.println("fault matrix: cells=" + figures.get("cells") + " faultsInjected=" + figures.get("faultsInjected")
        + " probeReads=" + figures.get("probeReads") + " violations=" + figures.get("violations")
        + " (" + figures.get("cellsWithExpectedViolations") + ") millis=" + figures.get("millis") + " -> " + FIGURES);
    results.forEach(r -> System.out.println("| " + r.name() + " | " + r.fault() + " | " + r.expected() + " | "
        + r.observed() + " | " + r.faults() + " | " + r.probeReads() + " | " + r.violations() + " |"));
  }

  @TestFactory
  Stream<DynamicTest> faultMatrix() {
    return FaultCells.all().stream().map(cell -> DynamicTest.dynamicTest(cell.name(), () -> {
      CellResult r = run(cell);
      results.add(r);
      assertThat(r.problems()).as(cell.name() + ": expected " + cell.expected() + "; observed " + r.observed()).isEmpty();
    }));
  }

  private static CellResult run(FaultCell cell) {
    long t = System.nanoTime();
    world.heal();
    long injectedBefore = world.injected();
    FaultCell.Options options = cell.options();
    try (Slot slot = world.slot(cell.skew(), options)) {
      FaultCell.Run run = new FaultCell.Run(slot);
      long[] caused = {cell.step().at(run, Duration.ZERO)}; // a fault present from the start (Ducklings, skew)
      SlotOutcome firstOutcome = slot.reconcile();
      Optional<String> firstServed = slot.servedTokenId();
      if (firstServed.isEmpty()) {
        List<String> problems = List.of("no first token: the first reconcile "
            + firstOutcome.failure().map(e -> "failed: " + e.getMessage()).orElse("stored nothing"));
        return new CellResult(cell.name(), cell.area(), cell.fault(), cell.expected(), problems.get(0), caused[0],
            slot.probe.figures().reads(), slot.probe.figures().violationCount(), (System.nanoTime() - t) / 1_000_000, problems);
      }
      String first = firstServed.get();
      Instant t0 = world.clock.instant();
      run.t0 = t0;
      run.first = first;
      run.firstExpires = slot.liveManaged().stream().filter(tk -> tk.id().equals(first)).findFirst()
          .flatMap(io.mdrotator.port.TokenInfo::expiresAt);
      List<Instant> stops = options.stops().stream().map(t0::plus).toList();
      slot.runUntil(t0.plus(options.healAt()), now -> {
        long n = cell.step().at(run, Duration.between(t0, now));
        caused[0] += n;
        if (n > 0) {
          slot.probe.checkOnce(); // consumers read right after the fault, not only at the next step
        }
      }, options.watch(), stops);
      long faults = world.injected() - injectedBefore + caused[0];
      world.heal();
      run.healedAt = world.clock.instant();
      // a daemon clock behind the true one revokes that much later
      slot.runUntil(t0.plus(options.end()).plus(cell.skew().abs()), now -> { }, options.watch(), stops);

      List<String> problems = new ArrayList<>(FaultAuditor.check(slot));
      ProbeFigures probe = slot.probe.figures();
      List<String> served = new ArrayList<>(new LinkedHashSet<>(slot.servedHistory()));
      long failures = slot.outcomes.stream().filter(SlotOutcome::failed).count();
      boolean firstRevoked = slot.auditor.revoked(first);
      if (served.size() < 2) {
        problems.add("no rotation completed (served " + served + ")");
      }
      boolean firstDead = !world.md.isTokenLive(first);
      boolean revokeExpected = cell.skew().isZero() && !options.firstTokenDies();
      if (revokeExpected ? !firstRevoked : !firstDead) {
        problems.add("the first token was " + (firstDead ? "never revoked" : "still live at the end"));
      }
      if (cell.noFailures() && failures > 0) {
        problems.add(failures + " failed reconcile(s), expected none: " + slot.outcomes.stream()
            .flatMap(o -> o.failure().stream()).map(Throwable::getMessage).distinct().toList());
      }
      if (faults == 0) {
        problems.add("the fault never fired");
      }
      if (cell.violationsExpected() != (probe.violationCount() > 0)) {
        problems.add("probe violations " + probe.violationCount() + ": " + probe.violations());
      }
      problems.addAll(options.check().problems(run));
      String observed = (served.size() - 1) + " rotation(s), " + failures + " failed attempt(s), first token "
          + (firstRevoked ? "revoked " + revokedAfter(slot, first)
              : firstDead ? (revokedElsewhere(slot, first) ? "revoked outside md-rotator" : "expired (not revoked)")
              : "still live")
          + ", " + probe.violationCount() + " probe violation(s)"
          + run.notes().stream().map(n -> "; " + n).reduce("", String::concat);
      return new CellResult(cell.name(), cell.area(), cell.fault(), cell.expected(), observed, faults, probe.reads(),
          probe.violationCount(), (System.nanoTime() - t) / 1_000_000, problems);
    }
  }

  /** Whether MotherDuck says the secret Vault once served as {@code tokenId} was revoked (not expired). */
  private static boolean revokedElsewhere(Slot slot, String tokenId) {
    return slot.history().values().stream().filter(st -> st.tokenId().equals(tokenId)).findFirst()
        .flatMap(st -> world.rootStore.readVersion(slot.policy.vaultPath(), st.version()))
        .flatMap(v -> v.data().get("token"))
        .map(secret -> world.md.secretStatus(secret) == io.mdrotator.emulator.motherduck.SecretStatus.REVOKED)
        .orElse(false);
  }

  /** How long after it was superseded the token was revoked (grace is 5 min). */
  private static String revokedAfter(Slot slot, String tokenId) {
    Instant superseded = slot.auditor.supersededAt(tokenId).orElse(null);
    Instant at = slot.auditor.revocations.stream().filter(r -> r.tokenId().equals(tokenId)).findFirst().orElseThrow().at();
    return superseded == null ? "(never served)" : Duration.between(superseded, at).toSeconds() + " s after it was superseded";
  }
}
