package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's log form of a policy's warnings: one line per distinct warning, however many slots
 * it applies to. A setting shared by 500 slots (a {@code defaults} entry, or a built-in default)
 * yields one warning per slot, each {@code "<slot>: <warning>"}; the log shows the warning once
 * with the slots it applies to (the first {@link #LISTED}, then a count), and {@code md-rotator
 * validate} lists each with its position. Warnings are grouped by file and the text after the
 * first {@code ": "}; one whose text has no such subject stays a line of its own. The wording is
 * the linter's, unchanged.
 */
public final class LintSummary {
  /** Slots named on an aggregated line before the rest are only counted. */
  static final int LISTED = 5;

  private LintSummary() {}

  /** One line per distinct warning, in order of first appearance; errors are ignored. */
  public static List<String> lines(List<Problem> problems) {
    Map<String, List<Problem>> groups = new LinkedHashMap<>();
    for (Problem p : problems) {
      if (!p.isError()) {
        String key = p.file() + "\u0000" + (subjectEnd(p) < 0 ? p.message() + "\u0000" + groups.size() : warning(p));
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
      }
    }
    List<String> out = new ArrayList<>(groups.size());
    for (List<Problem> group : groups.values()) {
      out.add(group.size() == 1 ? group.get(0).format() : aggregated(group));
    }
    return out;
  }

  /** {@code file:line:column: warning: <warning> (N slots: a, b, ... and K more)}, at the first's position. */
  private static String aggregated(List<Problem> group) {
    Problem first = group.get(0);
    List<String> subjects = group.stream().map(p -> p.message().substring(0, subjectEnd(p))).toList();
    String named = String.join(", ", subjects.subList(0, Math.min(LISTED, subjects.size())));
    int rest = subjects.size() - LISTED;
    return first.file() + ":" + first.line() + ":" + first.column() + ": warning: " + warning(first)
        + " (" + group.size() + " slots: " + named + (rest > 0 ? " and " + rest + " more" : "") + ")";
  }

  private static int subjectEnd(Problem p) {
    return p.message().indexOf(": ");
  }

  private static String warning(Problem p) {
    return p.message().substring(subjectEnd(p) + 2);
  }
}
