package io.mdrotator.emulator.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Vault's {@code validateCustomMetadata}: limits and exact error text (go-multierror format). */
final class CustomMetadataRules {
  static final String PREFIX = "custom_metadata validation failed";
  static final int MAX_KEYS = 64;
  static final int MAX_KEY_LENGTH = 128;
  static final int MAX_VALUE_LENGTH = 512;

  private CustomMetadataRules() {}

  /** The error message Vault would return, or empty when the map is valid. */
  static Optional<String> validate(Map<String, String> custom) {
    List<String> errs = new ArrayList<>();
    if (custom.size() > MAX_KEYS) {
      errs.add(String.format("%s: payload must contain at most %d keys, provided %d", PREFIX, MAX_KEYS, custom.size()));
      return Optional.of(render(errs));
    }
    custom.forEach(
        (k, v) -> {
          int kl = k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
          int vl = v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
          if (kl == 0 || kl > MAX_KEY_LENGTH) {
            errs.add(String.format("%s: length of key \"%s\" is %d but must be 0 < len(key) <= %d", PREFIX, k, kl, MAX_KEY_LENGTH));
          }
          if (vl == 0 || vl > MAX_VALUE_LENGTH) {
            errs.add(String.format(
                "%s: length of value for key \"%s\" is %d but must be 0 < len(value) <= %d", PREFIX, k, vl, MAX_VALUE_LENGTH));
          }
          if (!printable(k)) {
            errs.add(String.format("%s: key \"%s\" (%s) contains unprintable characters", PREFIX, k, k));
          }
          if (!printable(v)) {
            errs.add(String.format("%s: value for key \"%s\" contains unprintable characters", PREFIX, k));
          }
        });
    return errs.isEmpty() ? Optional.empty() : Optional.of(render(errs));
  }

  private static boolean printable(String s) {
    return s.codePoints().noneMatch(c -> Character.isISOControl(c) || !Character.isDefined(c));
  }

  private static String render(List<String> errs) {
    StringBuilder sb = new StringBuilder();
    sb.append(errs.size() == 1 ? "1 error occurred:\n" : errs.size() + " errors occurred:\n");
    errs.forEach(e -> sb.append("\t* ").append(e).append('\n'));
    return sb.append('\n').toString();
  }
}
