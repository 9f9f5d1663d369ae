package io.mdrotator.tools.bench;

import java.time.Duration;
import java.util.Locale;

/** Number formats shared by the benchmark tables. */
public final class BenchFormat {
  private BenchFormat() {}

  /** {@code 1,234} */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Seconds with millisecond precision below 10 s, else with two decimals: {@code 1.234 s}. */
  public static String seconds(Duration d) {
    double s = d.toNanos() / 1e9;
    return String.format(Locale.ROOT, s < 10 ? "%.3f s" : "%.2f s", s);
  }

  /** {@code 1.25x} */
  public static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2fx", r);
  }

  /** One decimal: {@code 12.3} */
  public static String decimal(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** {@code 123 MB} from bytes. */
  public static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%d MB", bytes / (1024 * 1024));
  }
}
