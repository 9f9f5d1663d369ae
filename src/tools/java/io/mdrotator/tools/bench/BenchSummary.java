package io.mdrotator.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Every figure that has a target, gathered across the bench subcommands: when {@value #ENV} names a
 * file, each printed table with {@code target} and {@code met} columns appends its rows whose
 * {@code met} cell is {@code yes} or {@code NO} to it, one a line: table, figure, measured, target,
 * met, separated by tabs. The figure is the row's first cell (prefixed with its column's name
 * unless that column is {@code figure}); the measured value is the {@code measured} column, or
 * else the column just before {@code target} (named in brackets). {@code scripts/bench.sh} prints them as one summary and fails when a row
 * is not met.
 */
public final class BenchSummary {
  /** The environment variable naming the summary file. */
  public static final String ENV = "MDR_BENCH_SUMMARY";

  private BenchSummary() {}

  /** The summary lines of a table (none when it has no {@code target} and {@code met} columns). */
  static List<String> lines(String title, List<String> headers, List<List<String>> rows) {
    int target = headers.indexOf("target");
    int met = headers.indexOf("met");
    int measured = headers.indexOf("measured");
    List<String> out = new ArrayList<>();
    if (target < 0 || met < 0) {
      return out;
    }
    String figurePrefix = headers.get(0).equals("figure") ? "" : headers.get(0) + " = ";
    for (List<String> r : rows) {
      String m = r.get(met).strip();
      if (m.equals("yes") || m.equals("NO")) {
        out.add(String.join("\t", clean(title), figurePrefix + clean(r.get(0)), measured(headers, r, measured, target),
            clean(r.get(target)), m));
      }
    }
    return out;
  }

  private static String measured(List<String> headers, List<String> row, int measured, int target) {
    if (measured >= 0) {
      return clean(row.get(measured));
    }
    return target > 1 ? clean(row.get(target - 1)) + " (" + headers.get(target - 1) + ")" : "-";
  }

  /** Appends the table's lines to the file {@value #ENV} names, if it names one. */
  static void append(String title, List<String> headers, List<List<String>> rows) {
    String file = System.getenv(ENV);
    List<String> lines = lines(title, headers, rows);
    if (file == null || file.isBlank() || lines.isEmpty()) {
      return;
    }
    try {
      Files.write(Path.of(file), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the bench summary " + file, e);
    }
  }

  private static String clean(String cell) {
    return cell.replace('\t', ' ').replace('\n', ' ').strip();
  }
}
