package io.mdrotator.emulator.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lenient parsing of KV request fields, as Vault's field schema accepts them. */
final class KvInputs {
  private KvInputs() {}

  /** {@code options.cas}: a non-negative integer, as a number or a string; empty when invalid. */
  static Optional<Long> cas(Object raw) {
    if (raw instanceof Number n && n.doubleValue() == Math.floor(n.doubleValue()) && n.longValue() >= 0) {
      return Optional.of(n.longValue());
    }
    if (raw instanceof String s) {
      try {
        long v = Long.parseLong(s.trim());
        return v >= 0 ? Optional.of(v) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** {@code versions}: a list of numbers or numeric strings, one number, or "1,2". */
  static List<Long> versions(Object raw) {
    List<Long> out = new ArrayList<>();
    if (raw instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Number n) {
          out.add(n.longValue());
        } else if (o instanceof String s && s.matches("\\d+")) {
          out.add(Long.parseLong(s));
        }
      }
    } else if (raw instanceof Number n) {
      out.add(n.longValue());
    } else if (raw instanceof String s && !s.isBlank()) {
      for (String part : s.split(",")) {
        if (part.strip().matches("\\d+")) {
          out.add(Long.parseLong(part.strip()));
        }
      }
    }
    return out;
  }
}
