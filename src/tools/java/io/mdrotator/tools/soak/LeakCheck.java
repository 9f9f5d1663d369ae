package io.mdrotator.tools.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure leak verdicts over a run's samples. The first fifth of the samples is warm-up (class
 * loading, pools filling) and ignored; of the rest, the first and the last quarter are compared.
 * Heap: the last quarter's median may exceed the first quarter's by at most {@link
 * #HEAP_GROWTH_FACTOR} plus {@link #HEAP_SLACK_BYTES}; threads: the last quarter's maximum may
 * exceed the first quarter's by at most {@link #THREAD_SLACK} (the emulators' HTTP pools grow and
 * shrink with load). No sample may hold more heap than the cap. Fewer than {@link #MIN_SAMPLES}
 * samples after warm-up give no trend verdict.
 */
public final class LeakCheck {
  static final double HEAP_GROWTH_FACTOR = 1.5;
  static final long HEAP_SLACK_BYTES = 16L << 20;
  static final int THREAD_SLACK = 12;
  static final int MIN_SAMPLES = 8;

  private LeakCheck() {}

  /** Problems found; empty when no leak is seen. */
  public static List<String> problems(List<Sample> samples, long maxHeapBytes) {
    List<String> out = new ArrayList<>();
    for (Sample s : samples) {
      if (s.heapUsedBytes() > maxHeapBytes) {
        out.add("heap " + mib(s.heapUsedBytes()) + " MiB at " + s.atSeconds() + " s exceeds the cap of "
            + mib(maxHeapBytes) + " MiB");
        break;
      }
    }
    List<Sample> steady = samples.subList(samples.size() / 5, samples.size());
    if (steady.size() < MIN_SAMPLES) {
      return out;
    }
    int quarter = steady.size() / 4;
    List<Sample> before = steady.subList(0, quarter);
    List<Sample> last = steady.subList(steady.size() - quarter, steady.size());
    long heapBefore = median(before.stream().mapToLong(Sample::heapUsedBytes).toArray());
    long heapLast = median(last.stream().mapToLong(Sample::heapUsedBytes).toArray());
    if (heapLast > heapBefore * HEAP_GROWTH_FACTOR + HEAP_SLACK_BYTES) {
      out.add("heap after GC grew from a median of " + mib(heapBefore) + " MiB to " + mib(heapLast)
          + " MiB in the last quarter");
    }
    int threadsBefore = before.stream().mapToInt(Sample::threads).max().orElse(0);
    int threadsLast = last.stream().mapToInt(Sample::threads).max().orElse(0);
    if (threadsLast > threadsBefore + THREAD_SLACK) {
      out.add("threads grew from at most " + threadsBefore + " in the first quarter to " + threadsLast + " in the last");
    }
    return out;
  }

  static long median(long[] values) {
    long[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length == 0 ? 0 : v[v.length / 2];
  }

  static long mib(long bytes) {
    return bytes >> 20;
  }
}
