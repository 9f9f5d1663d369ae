package io.mdrotator.emulator.motherduck;

import io.mdrotator.emulator.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Test hook: rewrites the body of successful replies (after the operation took effect), to feed a
 * client odd but well-delivered answers: wrong types, missing fields, HTML, huge bodies. A rule
 * matches an endpoint and optionally one username (case-insensitive) and fires {@code times} times
 * ({@link Fault#UNLIMITED} = until cleared). The first matching rule wins. Thread-safe.
 */
final class ReplyRewrites {
  private record Rule(String endpoint, String username, UnaryOperator<String> rewrite, int[] remaining) {}

  private final List<Rule> rules = new ArrayList<>();

  synchronized void add(String endpoint, String username, UnaryOperator<String> rewrite, int times) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(rewrite, "rewrite");
    if (times == 0 || times < Fault.UNLIMITED) {
      throw new IllegalArgumentException("times must be positive or UNLIMITED, was " + times);
    }
    rules.add(new Rule(endpoint, username, rewrite, new int[] {times}));
  }

  synchronized void clear() {
    rules.clear();
  }

  /** The body to send for a 2xx reply of {@code route}: rewritten by the first live matching rule. */
  synchronized String apply(Route route, String body) {
    for (Rule r : rules) {
      boolean matches = r.endpoint.equals(route.endpoint())
          && (r.username == null || r.username.equalsIgnoreCase(route.username()));
      if (matches && r.remaining[0] != 0) {
        if (r.remaining[0] > 0) {
          r.remaining[0]--;
        }
        return r.rewrite.apply(body);
      }
    }
    return body;
  }
}
