package io.mdrotator.tools.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-width text table: a title, column headers, rows of already formatted cells and notes
 * printed under it. Numbers are right-aligned, text left-aligned (a cell is numeric when it starts
 * with a digit, a sign or a tilde).
 */
public final class BenchTable {
  private final String title;
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public BenchTable(String title, List<String> headers) {
    this.title = title;
    this.headers = List.copyOf(headers);
  }

  /** Adds a row; it must have one cell per header. */
  public BenchTable row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.size() + " cells, table '" + title + "' has " + headers.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  public BenchTable note(String note) {
    notes.add(note);
    return this;
  }

  public List<List<String>> rows() {
    return List.copyOf(rows);
  }

  /** Prints the table; its rows with a target also go to the run's summary ({@link BenchSummary}). */
  public void print(PrintWriter out) {
    out.print(render());
    out.flush();
    BenchSummary.append(title, headers, rows);
  }

  public String render() {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder().append(title).append('\n');
    line(b, headers, width, false);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    b.append(rule).append('\n');
    rows.forEach(r -> line(b, r, width, true));
    notes.forEach(n -> b.append("  ").append(n).append('\n'));
    return b.toString();
  }

  private static void line(StringBuilder b, List<String> cells, int[] width, boolean alignNumbers) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      l.append(i == 0 ? "" : " | ").append(alignNumbers && numeric(c) ? pad + c : c + pad);
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }

  private static boolean numeric(String c) {
    return !c.isEmpty() && (Character.isDigit(c.charAt(0)) || c.charAt(0) == '-' || c.charAt(0) == '~');
  }
}
