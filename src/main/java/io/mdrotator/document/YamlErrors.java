package io.mdrotator.document;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Turns a YAML parser failure into a located {@link DocumentException}: at the character the
 * parser could not read, in the parser's own words, on one line (no source excerpt, which could
 * echo an inline secret).
 */
final class YamlErrors {
  private YamlErrors() {}

  /** {@code here}: where reading stopped, for failures that carry no position of their own. */
  static DocumentException translate(JacksonException e, String text, Location here) {
    MarkedYamlEngineException marked = markedCause(e);
    if (marked != null && marked.getProblemMark().isPresent()) {
      return new DocumentException(markedLocation(marked, text), parserReason(marked));
    }
    return new DocumentException(locationOf(e.getLocation(), here), cleanMessage(e));
  }

  /** The snakeyaml-engine error behind a Jackson one: it knows where the offending character is. */
  private static MarkedYamlEngineException markedCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYamlEngineException m) {
        return m;
      }
    }
    return null;
  }

  /**
   * The offending character (the problem mark: a tab, a stray indicator); at the end of the input
   * there is none, so the start of the unfinished construct (the context mark: the opening quote
   * of an unclosed string) is shown instead.
   */
  private static Location markedLocation(MarkedYamlEngineException m, String text) {
    Mark problem = m.getProblemMark().get();
    boolean atEnd = problem.getIndex() >= text.codePointCount(0, text.length());
    Mark at = atEnd && m.getContextMark().isPresent() ? m.getContextMark().get() : problem;
    // snakeyaml-engine marks are 0-based; ours are 1-based.
    return new Location(at.getLine() + 1, at.getColumn() + 1);
  }

  /**
   * The parser's own reason first ({@code found character '\t' that cannot start any token}), then
   * what it was doing ({@code while scanning for the next token}); a literal tab in the text is
   * shown as {@code \t}.
   */
  private static String parserReason(MarkedYamlEngineException m) {
    String problem = m.getProblem() == null ? "" : m.getProblem().strip();
    String context = m.getContext() == null ? "" : m.getContext().strip();
    String reason = problem.isEmpty() ? context : context.isEmpty() ? problem : problem + " (" + context + ")";
    return "invalid YAML: " + firstLine(reason.replace("\t", "\\t"));
  }

  private static Location locationOf(TokenStreamLocation loc, Location here) {
    if (loc == null || loc.getLineNr() < 1) {
      return here;
    }
    return new Location(loc.getLineNr(), Math.max(1, loc.getColumnNr()));
  }

  private static String cleanMessage(JacksonException e) {
    String m = e.getOriginalMessage();
    return "invalid YAML: " + firstLine(m == null ? e.getClass().getSimpleName() : m);
  }

  static String firstLine(String m) {
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
