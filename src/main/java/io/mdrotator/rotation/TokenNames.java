package io.mdrotator.rotation;

import java.util.Optional;

/**
 * Names of tokens md-rotator mints: {@code md-rotator/<slot>/<rotationId>}. The name is how a token
 * is recognised as managed (and by which slot and rotation) after a crash lost everything else.
 */
public final class TokenNames {
  public static final String PREFIX = "md-rotator/";
  static final int MAX_LENGTH = 255;

  private TokenNames() {}

  /** A parsed managed token name. */
  public record Parsed(String slot, String rotationId) {}

  /** The name for a token minted for {@code slot} by rotation {@code rotationId}. */
  public static String format(String slot, String rotationId) {
    if (slot.isEmpty() || slot.contains("/") || rotationId.isEmpty() || rotationId.contains("/")) {
      throw new IllegalArgumentException(
          "slot and rotation id must be non-empty and contain no '/': slot '" + slot + "'");
    }
    String name = PREFIX + slot + "/" + rotationId;
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "token name for slot '" + slot + "' exceeds " + MAX_LENGTH + " characters");
    }
    return name;
  }

  /** Parses a token name; empty when the token was not minted by md-rotator. */
  public static Optional<Parsed> parse(String name) {
    if (name == null || !name.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = name.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(rest.substring(0, slash), rest.substring(slash + 1)));
  }

  /** True when {@code name} is a managed token of {@code slot}. */
  public static boolean belongsTo(String name, String slot) {
    return parse(name).map(p -> p.slot().equals(slot)).orElse(false);
  }
}
