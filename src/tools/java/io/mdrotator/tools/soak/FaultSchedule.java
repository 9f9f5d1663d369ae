package io.mdrotator.tools.soak;

import io.mdrotator.emulator.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The soak's random fault schedule, a pure function of seed, run length and rate: quiet gaps of
 * 3-10 s alternate with fault windows of 2-8 s, each with one kind of fault on every endpoint of one
 * emulator, failing {@code rate} of the calls (a sealed Vault fails them all, for 1-3 s). The first
 * {@link #QUIET_START} are quiet so every slot gets its first token; no window reaches past the end.
 */
public final class FaultSchedule {
  public static final Duration QUIET_START = Duration.ofSeconds(5);

  /** Which emulator a window targets. */
  public enum Target { MOTHERDUCK, VAULT }

  /** Kinds of windows, chosen uniformly. */
  public enum Kind { MD_5XX, MD_429, MD_RESET, MD_LATENCY, VAULT_5XX, VAULT_SEALED }

  /** One window: from {@code start} (since the run began) for {@code length}. */
  public record Window(Duration start, Duration length, Kind kind, Target target, Fault fault) {
    public Duration end() {
      return start.plus(length);
    }
  }

  private FaultSchedule() {}

  public static List<Window> generate(long seed, Duration total, double rate) {
    List<Window> out = new ArrayList<>();
    if (rate <= 0) {
      return out;
    }
    Random r = new Random(seed);
    long t = QUIET_START.toMillis();
    long end = total.toMillis();
    while (true) {
      t += 3_000 + r.nextInt(7_001);
      Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
      long length = kind == Kind.VAULT_SEALED ? 1_000 + r.nextInt(2_001) : 2_000 + r.nextInt(6_001);
      if (t + length > end) {
        return out;
      }
      out.add(new Window(Duration.ofMillis(t), Duration.ofMillis(length), kind, target(kind), fault(kind, r, rate)));
      t += length;
    }
  }

  static Target target(Kind kind) {
    return kind == Kind.VAULT_5XX || kind == Kind.VAULT_SEALED ? Target.VAULT : Target.MOTHERDUCK;
  }

  private static Fault fault(Kind kind, Random r, double rate) {
    return switch (kind) {
      case MD_5XX -> Fault.status(new int[] {500, 502, 503, 504}[r.nextInt(4)]).withRate(rate);
      case MD_429 -> Fault.rateLimited(Duration.ofSeconds(1)).withRate(rate);
      case MD_RESET -> Fault.reset().withRate(rate);
      case MD_LATENCY -> Fault.latency(Duration.ofMillis(200 + r.nextInt(1_301))).withRate(rate);
      case VAULT_5XX -> Fault.status(new int[] {500, 502, 503}[r.nextInt(3)]).withRate(rate);
      case VAULT_SEALED -> Fault.status(503);
    };
  }

  /** Share of {@code total} covered by windows (for the report). */
  public static double coverage(List<Window> windows, Duration total) {
    long covered = windows.stream().mapToLong(w -> w.length().toMillis()).sum();
    return total.isZero() ? 0 : (double) covered / total.toMillis();
  }
}
