package io.mdrotator.document;

/** A 1-based line and column in a source file. */
public record Location(int line, int column) {
  public static final Location START = new Location(1, 1);

  public Location {
    line = Math.max(1, line);
    column = Math.max(1, column);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
