package io.mdrotator.tools.bench.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says about a process: CPU time from {@code /proc/<pid>/stat} (utime + stime, fields
 * 14 and 15, in clock ticks of 1/100 s on Linux) and resident memory from
 * {@code /proc/<pid>/status} (VmRSS, VmHWM in kB).
 */
public final class ProcStats {
  /** USER_HZ: the unit of utime/stime; 100 on every Linux architecture md-rotator runs on. */
  static final long TICKS_PER_SECOND = 100;

  private ProcStats() {}

  /** CPU time (user + system) of {@code pid} so far, in milliseconds. */
  public static long cpuMillis(long pid) {
    return cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat"))) * 1000 / TICKS_PER_SECOND;
  }

  /** Resident set size of {@code pid} in bytes. */
  public static long rssBytes(long pid) {
    return statusKb(read(Path.of("/proc", Long.toString(pid), "status")), "VmRSS") * 1024;
  }

  /** Peak resident set size of {@code pid} in bytes. */
  public static long peakRssBytes(long pid) {
    return statusKb(read(Path.of("/proc", Long.toString(pid), "status")), "VmHWM") * 1024;
  }

  /** utime + stime from a stat line; the command name (field 2) may contain spaces and parens. */
  static long cpuTicks(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
    }
    String[] f = statLine.substring(close + 2).trim().split(" +");
    // f[0] is field 3 (state), so field n is f[n - 3]
    return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
  }

  /** A {@code Key:   123 kB} line of /proc/<pid>/status, in kB. */
  static long statusKb(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key + ":")) {
        String v = line.substring(key.length() + 1).trim();
        return Long.parseLong(v.split(" +")[0]);
      }
    }
    throw new IllegalArgumentException("no " + key + " in /proc/<pid>/status");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + " (process gone?)", e);
    }
  }
}
