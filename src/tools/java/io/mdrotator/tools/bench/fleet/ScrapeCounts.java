package io.mdrotator.tools.bench.fleet;

import java.util.Map;
import java.util.TreeMap;

/**
 * Series counted from a Prometheus text exposition: samples per metric family, and how many of
 * them carry a {@code slot} label (the per-slot series whose count must follow the policy).
 */
public record ScrapeCounts(Map<String, Integer> samplesByName, int slotSamples, int totalSamples) {
  public static ScrapeCounts parse(String exposition) {
    Map<String, Integer> byName = new TreeMap<>();
    int slot = 0;
    int total = 0;
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int end = nameEnd(line);
      byName.merge(line.substring(0, end), 1, Integer::sum);
      total++;
      if (end < line.length() && line.charAt(end) == '{' && line.indexOf("slot=\"", end) > 0) {
        slot++;
      }
    }
    return new ScrapeCounts(byName, slot, total);
  }

  /** The value of the first sample of {@code name} without labels, or NaN. */
  public static double value(String exposition, String name) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim().split(" ")[0]);
      }
    }
    return Double.NaN;
  }

  private static int nameEnd(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    return i;
  }
}
