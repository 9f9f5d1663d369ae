package io.mdrotator.tools.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples this JVM (daemon, emulators and probe run in it) every interval. A {@code System.gc()}
 * before each heap reading makes the series show retained memory, not garbage not yet collected.
 */
final class ResourceSampler implements AutoCloseable {
  private final long startNanos = System.nanoTime();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "soak-sampler");
    t.setDaemon(true);
    return t;
  });

  ResourceSampler(long intervalMillis) {
    timer.scheduleAtFixedRate(this::sampleNow, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  synchronized Sample sampleNow() {
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    Sample s = new Sample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), heap.getUsed(),
        heap.getCommitted(), rss(), ManagementFactory.getThreadMXBean().getThreadCount());
    samples.add(s);
    return s;
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** VmRSS of this process from /proc/self/status, in bytes; -1 when unavailable. */
  static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
