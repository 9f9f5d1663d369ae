package io.mdrotator.policy;

/** MotherDuck access token types, with their wire names. */
public enum TokenType {
  READ_WRITE("read_write"),
  READ_SCALING("read_scaling");

  private static final TokenType[] ALL = values();
  private final String wire;

  TokenType(String wire) {
    this.wire = wire;
  }

  /** The API's spelling, e.g. {@code read_write}. */
  public String wire() {
    return wire;
  }

  /** Parses the API's spelling; throws {@link IllegalArgumentException} naming the bad value. */
  public static TokenType fromWire(String value) {
    for (TokenType t : ALL) {
      if (t.wire.equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown token_type '" + value + "' (expected read_write or read_scaling)");
  }

  @Override
  public String toString() {
    return wire;
  }
}
