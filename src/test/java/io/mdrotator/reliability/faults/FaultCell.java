package io.mdrotator.reliability.faults;

import io.mdrotator.policy.DucklingConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One cell of the fault matrix: what is broken, when, and the outcome it must have, written down
 * before the run. {@code step} runs at every step of the cell's timeline with the time since the
 * slot's first token was stored; it injects the fault (a rotation is due at about 38 to 40 minutes)
 * and returns how many faults it caused itself (outside the emulators' fault injectors). {@link
 * Options} holds what most cells leave at its default: a cell that must see no failed reconcile,
 * its own heal and end times, the daemon's liveness watch modelled, extra stops of the driver, the
 * account's Ducklings, canned MotherDuck replies, a first token allowed to die without md-rotator
 * revoking it, and the cell's own checks.
 */
record FaultCell(String name, String area, String fault, String expected, Duration skew,
    boolean violationsExpected, Step step, Options options) {

  FaultCell(String name, String area, String fault, String expected, Duration skew, boolean violationsExpected, Step step) {
    this(name, area, fault, expected, skew, violationsExpected, step, Options.DEFAULT);
  }

  /**
   * What a cell may change besides its fault.
   *
   * @param noFailures no reconcile may fail: the adapters (or the engine) absorb the fault
   * @param healAt when every fault is removed, since the first token (default 55 min)
   * @param end when the cell ends, since the first token (default 75 min, plus the skew)
   * @param watch period of the daemon's served-token liveness watch, modelled: at every tick the
   *     driver compares what Vault serves with MotherDuck's live tokens and reconciles at once when
   *     the served token is not among them (empty: the engine runs only at its own wake-ups)
   * @param stops extra instants (since the first token) the driver stops at, so a cell can act there
   * @param ducklings the account's declared Duckling configuration
   * @param front the slot's MotherDuck client goes through {@link CannedFront} (canned replies)
   * @param firstTokenDies the first token may end expired or revoked by someone else (not by md-rotator)
   * @param check the cell's own checks, after the common ones
   */
  record Options(boolean noFailures, Duration healAt, Duration end, Optional<Duration> watch, List<Duration> stops,
      Optional<DucklingConfig> ducklings, boolean front, boolean firstTokenDies, Check check) {
    static final Options DEFAULT = new Options(false, FaultMatrixTest.FAULTED_UNTIL, FaultMatrixTest.END,
        Optional.empty(), List.of(), Optional.empty(), false, false, run -> List.of());

    Options {
      stops = List.copyOf(stops);
      if (end.compareTo(healAt) <= 0) {
        throw new IllegalArgumentException("a cell must end after its heal: " + healAt + " / " + end);
      }
    }
  }

  /** The same cell, also requiring that no reconcile fails: the adapters absorb the fault. */
  FaultCell mustNotFail() {
    Options o = options;
    return with(new Options(true, o.healAt(), o.end(), o.watch(), o.stops(), o.ducklings(), o.front(), o.firstTokenDies(), o.check()));
  }

  /** Faults removed at {@code healAt}, cell over at {@code end} (both since the first token). */
  FaultCell healAt(Duration healAt, Duration end) {
    Options o = options;
    return with(new Options(o.noFailures(), healAt, end, o.watch(), o.stops(), o.ducklings(), o.front(), o.firstTokenDies(), o.check()));
  }

  /** Models the daemon's liveness watch with this period. */
  FaultCell watched(Duration period) {
    Options o = options;
    return with(new Options(o.noFailures(), o.healAt(), o.end(), Optional.of(period), o.stops(), o.ducklings(), o.front(),
        o.firstTokenDies(), o.check()));
  }

  /** The driver also stops at these instants since the first token. */
  FaultCell stopsAt(Duration... at) {
    Options o = options;
    return with(new Options(o.noFailures(), o.healAt(), o.end(), o.watch(), List.of(at), o.ducklings(), o.front(),
        o.firstTokenDies(), o.check()));
  }

  /** The account declares these Ducklings. */
  FaultCell ducklings(DucklingConfig config) {
    Options o = options;
    return with(new Options(o.noFailures(), o.healAt(), o.end(), o.watch(), o.stops(), Optional.of(config), o.front(),
        o.firstTokenDies(), o.check()));
  }

  /** The slot's MotherDuck client talks to the emulator through {@link CannedFront}. */
  FaultCell throughFront() {
    Options o = options;
    return with(new Options(o.noFailures(), o.healAt(), o.end(), o.watch(), o.stops(), o.ducklings(), true,
        o.firstTokenDies(), o.check()));
  }

  /** The first token may die (expire, or be revoked by someone else) instead of being revoked by md-rotator. */
  FaultCell firstTokenDies() {
    Options o = options;
    return with(new Options(o.noFailures(), o.healAt(), o.end(), o.watch(), o.stops(), o.ducklings(), o.front(), true, o.check()));
  }

  /** The cell's own checks. */
  FaultCell checks(Check check) {
    Options o = options;
    return with(new Options(o.noFailures(), o.healAt(), o.end(), o.watch(), o.stops(), o.ducklings(), o.front(),
        o.firstTokenDies(), check));
  }

  boolean noFailures() {
    return options.noFailures();
  }

  private FaultCell with(Options o) {
    return new FaultCell(name, area, fault, expected, skew, violationsExpected, step, o);
  }

  /** The fault's timeline; {@link Run#once} helps act at one instant. */
  interface Step {
    long at(Run run, Duration elapsed);
  }

  /** A cell's own checks once it ran: problems, and what it measured in {@link Run#note}. */
  interface Check {
    List<String> problems(Run run);
  }

  /** Cell-local state while the cell runs. */
  static final class Run {
    final Slot slot;
    private final Set<String> done = new HashSet<>();
    private final List<String> notes = new ArrayList<>();
    /** When the first token was stored (true time), its id and expiry. */
    Instant t0;
    String first;
    Optional<Instant> firstExpires = Optional.empty();
    /** When every fault was removed (true time). */
    Instant healedAt;
    /** A counter's value a cell keeps to report a difference (e.g. calls before the fault). */
    long mark;

    Run(Slot slot) {
      this.slot = slot;
    }

    FaultWorld world() {
      return slot.world;
    }

    /** True the first time it is asked with {@code key} once {@code elapsed >= from}. */
    boolean once(String key, Duration elapsed, Duration from) {
      return elapsed.compareTo(from) >= 0 && done.add(key);
    }

    /** Adds a measured figure to the cell's observed column. */
    void note(String text) {
      notes.add(text);
    }

    List<String> notes() {
      return List.copyOf(notes);
    }
  }
}
