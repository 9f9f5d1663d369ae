package io.mdrotator.reliability.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.tools.probe.ProbeFigures;
import io.mdrotator.rotation.ProtocolStep;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.rotation.SlotOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash matrix: the daemon's reconcile pass runs in a child JVM armed with
 * {@code MDROTATOR_CRASH_AT} and halts (status 137, as kill -9) at every {@link ProtocolStep}, three
 * times each (once in the default suite, twice more with {@code -Pfull}); then the daemon is restarted unarmed right away (a child JVM in the first run of each
 * point, a fresh engine in this JVM in the others), and cycles once more at its wake-up after the
 * crashed rotation's in-flight bound. After that cycle: no orphan, nothing
 * revoked early or while served, no intent left, the slot holds its current token plus at most
 * superseded ones inside their grace, and the consumer probe (every 100 ms throughout) saw no
 * violation. Near-expiry cells crash a rotation of a token 20 s from expiry: the restarted daemon
 * must replace it before it expires although the crashed rotation's intent is still live.
 */
class CrashMatrixTest {
  static final int RUNS = 3;
  /** How far from expiry the near-expiry cells crash. */
  static final Duration NEAR_EXPIRY = Duration.ofSeconds(20);
  private static final MatrixFigures FIGURES = new MatrixFigures();

  static Stream<Arguments> firstRuns() {
    return cells(1, 1);
  }

  static Stream<Arguments> repeatRuns() {
    return cells(2, RUNS);
  }

  private static Stream<Arguments> cells(int firstRun, int lastRun) {
    return Arrays.stream(ProtocolStep.values())
        .filter(p -> !ProtocolStep.RETIREMENT_ONLY.contains(p)) // a rotation never reaches them
        .flatMap(p -> IntStream.rangeClosed(firstRun, lastRun).mapToObj(run -> Arguments.of(p, run)));
  }

  @BeforeAll
  static void start() throws Exception {
    FIGURES.start();
    if (Files.isDirectory(CrashWorld.LOGS)) { // logs of an earlier run would be quoted as this one's
      try (Stream<Path> old = Files.list(CrashWorld.LOGS)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @AfterAll
  static void figures() throws Exception {
    FIGURES.publish(Path.of("target", "reliability", "crash-figures.json"));
  }

  /** Run 1 of every point, restarted in a child JVM: in the default suite. */
  @ParameterizedTest(name = "{0} run {1}")
  @MethodSource("firstRuns")
  void crashAtEveryPointThenRestartConverges(ProtocolStep point, int run) throws Exception {
    crashAndRestart(point, run);
  }

  /** Runs 2 and 3 of every point, restarted in this JVM ({@code -Pfull}: 16 more child JVMs). */
  @Tag("slow")
  @ParameterizedTest(name = "{0} run {1}")
  @MethodSource("repeatRuns")
  void crashAtEveryPointAgainThenRestartConverges(ProtocolStep point, int run) throws Exception {
    crashAndRestart(point, run);
  }

  private static void crashAndRestart(ProtocolStep point, int run) throws Exception {
    try (CrashWorld w = new CrashWorld("matrix-" + point.label() + "-" + run)) {
      SlotOutcome a = w.cycle();
      w.clock.set(a.nextRotation().orElseThrow());
      SlotOutcome b = w.cycle();
      assertThat(b.status()).isEqualTo(SlotOutcome.Status.ROTATED);
      // At B's due time A's grace is long over: one pass rotates and then revokes A, so every
      // crash point lies on its path.
      w.clock.set(b.nextRotation().orElseThrow());
      Instant crashed = crash(w, point);

      restart(w, run == 1);
      w.clock.set(crashed.plus(CrashWorld.IN_FLIGHT).plusSeconds(1));
      w.cycle();

      assertConverged(w, point.label() + " run " + run);
    }
  }

  @ParameterizedTest(name = "near expiry, {0}")
  @EnumSource(value = ProtocolStep.class, names = {"AFTER_INTENT", "AFTER_MINT"})
  void crashNearExpiryStillReplacesTheServedTokenBeforeItExpires(ProtocolStep point) throws Exception {
    try (CrashWorld w = new CrashWorld("near-expiry-" + point.label())) {
      SlotOutcome a = w.cycle();
      Instant expiry = a.servedExpiresAt().orElseThrow();
      w.clock.set(expiry.minus(NEAR_EXPIRY));
      Instant crashed = crash(w, point);

      restart(w, true);
      w.clock.set(expiry.plusSeconds(1));
      w.settle();
      assertThat(w.probeFigures().violations()).as("consumers once the crashed rotation's token expired").isEmpty();
      w.clock.set(crashed.plus(CrashWorld.IN_FLIGHT).plusSeconds(1));
      w.cycle();

      assertConverged(w, "near expiry " + point.label());
    }
  }

  /** Runs the armed child; it must halt at {@code point}. Returns the crash instant (emulator clock). */
  private static Instant crash(CrashWorld w, ProtocolStep point) throws Exception {
    CrashWorld.ChildRun armed = w.child(Optional.of(point));
    Instant crashed = w.clock.instant();
    assertThat(armed.exit()).as("armed child:%n%s", armed.output()).isEqualTo(io.mdrotator.tools.crash.CrashHooks.HALT_STATUS);
    assertThat(armed.output()).contains("crash point " + point.label() + " reached, halting");
    FIGURES.crashed();
    return crashed;
  }

  /**
   * Restarts the daemon unarmed right after the crash: a new child JVM, or (to keep the matrix
   * fast) a fresh engine with fresh adapters in this JVM, which holds nothing of the crashed one.
   */
  private static void restart(CrashWorld w, boolean inChildJvm) throws Exception {
    if (inChildJvm) {
      CrashWorld.ChildRun restart = w.child(Optional.empty());
      assertThat(restart.exit()).as("restart right after the crash:%n%s", restart.output()).isZero();
    } else {
      w.cycle();
    }
  }

  private static void assertConverged(CrashWorld w, String cell) {
    ProbeFigures probe = w.probeFigures();
    FIGURES.add(w.children(), probe, w.ledger.violations().size(), w.ledger.orphans(w.clock.instant()).size());
    assertThat(probe.violations()).as("%s: consumer probe", cell).isEmpty();
    assertThat(probe.violationCount()).as("%s: probe violations", cell).isZero();
    assertThat(probe.reads() - probe.emptyReads()).as("%s: probe reads of a served token", cell).isPositive();
    assertThat(w.ledger.violations()).as("%s: revoked while served or before grace end", cell).isEmpty();
    assertThat(w.ledger.orphans(w.clock.instant())).as("%s: orphans after the cycle", cell).isEmpty();
    assertThat(w.openIntents()).as("%s: intents left after the in-flight bound", cell).isEmpty();
    assertThat(w.md.isTokenLive(w.ledger.served())).as("%s: the served token is live", cell).isTrue();
  }

  /** Counts over every cell of the run, printed and written for docs/reliability.md. */
  static final class MatrixFigures {
    private long startNanos;
    private int crashes;
    private int cells;
    private int childJvms;
    private long probeReads;
    private long probeViolations;
    private int earlyRevocations;
    private int orphans;

    synchronized void start() {
      startNanos = System.nanoTime();
    }

    synchronized void crashed() {
      crashes++;
    }

    synchronized void add(int children, ProbeFigures probe, int early, int orphaned) {
      cells++;
      childJvms += children;
      probeReads += probe.reads();
      probeViolations += probe.violationCount();
      earlyRevocations += early;
      orphans += orphaned;
    }

    synchronized void publish(Path json) throws Exception {
      Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
      System.out.printf("crash matrix figures: %d cells checked, %d crashes, %d child JVMs, %d probe reads,"
              + " %d probe violations, %d early revocations, %d orphans, %d s%n",
          cells, crashes, childJvms, probeReads, probeViolations, earlyRevocations, orphans, took.toSeconds());
      Files.createDirectories(json.getParent());
      Files.writeString(json, """
          {"cells": %d, "crashes": %d, "childJvms": %d, "probeReads": %d, "probeViolations": %d,\
           "earlyRevocations": %d, "orphans": %d, "seconds": %d}
          """.formatted(cells, crashes, childJvms, probeReads, probeViolations, earlyRevocations, orphans,
          took.toSeconds()));
    }
  }
}
