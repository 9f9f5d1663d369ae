package io.mdrotator.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a benchmark figure depends on: cores, CPU model ({@code /proc/cpuinfo}), JVM and its flags
 * (the JIT and GC settings move CPU-bound figures), OS, maximum heap and the load average when the
 * run started (figures taken under load are not comparable).
 */
public record MachineInfo(
    int cores, String cpuModel, String jvm, String jvmFlags, String os, long maxHeapBytes, String loadAtStart) {

  public static MachineInfo collect() {
    Runtime rt = Runtime.getRuntime();
    return new MachineInfo(
        rt.availableProcessors(),
        readCpuModel().orElse("unknown"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        currentJvmFlags(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        rt.maxMemory(),
        currentLoadAverage().orElse("unknown"));
  }

  /** The JVM's command-line flags ({@code -X...}, {@code -D...}), or "(JVM defaults)". */
  static String currentJvmFlags() {
    List<String> args = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    return args.isEmpty() ? "(JVM defaults)" : String.join(" ", args);
  }

  /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}. */
  public static Optional<String> currentLoadAverage() {
    return firstLine(Path.of("/proc/loadavg")).map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 3)));
  }

  static Optional<String> readCpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> firstLine(Path file) {
    try {
      return Files.readAllLines(file).stream().findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Lines for the report, one fact each. */
  public List<String> lines() {
    return List.of(
        "machine: " + cores + " cores, " + cpuModel,
        "jvm: " + jvm + ", max heap " + BenchFormat.megabytes(maxHeapBytes),
        "jvm flags: " + jvmFlags,
        "os: " + os,
        "load average at start (1/5/15 min): " + loadAtStart);
  }
}
