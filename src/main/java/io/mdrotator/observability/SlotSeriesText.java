package io.mdrotator.observability;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Writes the per-slot gauges of {@link SlotSeries} straight to the Prometheus text (0.0.4) or
 * OpenMetrics 1.0 format, as the client library's writers would (same lines; ScrapeEquivalenceTest
 * compares them), without building a snapshot per sample: with 10,000 slots this is most of a
 * scrape. Label text is prepared once per slot and a value's text once per value
 * ({@link SlotValues}); numbers are written like the library's ({@link Double#toString}). Families without a sample are left out, as the library does.
 */
final class SlotSeriesText {
  private SlotSeriesText() {}

  static void write(ScrapeBuffer out, Collection<SlotValues> slots, boolean openMetrics) {
    for (int i = 0; i < SlotSeries.GAUGES.size(); i++) {
      SlotSeries.Gauge g = SlotSeries.GAUGES.get(i);
      boolean header = false;
      byte[] name = g.name().getBytes(StandardCharsets.UTF_8);
      for (SlotValues v : slots) {
        double value = g.value().applyAsDouble(v);
        if (g.sparse() && Double.isNaN(value)) {
          continue;
        }
        if (!header) {
          header(out, g, openMetrics);
          header = true;
        }
        out.write(name, 0, name.length);
        byte[] labels = g.tokenType() ? v.typedLabelText : v.slotLabelText;
        out.write(labels, 0, labels.length);
        byte[] text = v.valueText(i, value);
        out.write(text, 0, text.length);
        out.write('\n');
      }
    }
  }

  private static void header(ScrapeBuffer out, SlotSeries.Gauge g, boolean openMetrics) {
    String help = escapeHelp(g.help(), openMetrics);
    if (openMetrics) {
      out.ascii("# TYPE " + g.name() + " gauge\n");
      text(out, "# HELP " + g.name() + " " + help + "\n");
    } else {
      text(out, "# HELP " + g.name() + " " + help + "\n");
      out.ascii("# TYPE " + g.name() + " gauge\n");
    }
  }

  private static void text(ScrapeBuffer out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }

  private static String escapeHelp(String help, boolean openMetrics) {
    String s = help.replace("\\", "\\\\").replace("\n", "\\n");
    return openMetrics ? s.replace("\"", "\\\"") : s;
  }
}
