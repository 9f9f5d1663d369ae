package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds 10,000 seeded mutations of valid policies to the loader: none may throw, and every
 * rejection must carry a message with a 1-based line and column.
 */
class PolicyFuzzTest {
  static final int CASES = 10_000;
  static final long SEED = 20261128L;
  static final List<String> KEYS = List.of("version", "defaults", "accounts", "username", "slots", "name",
      "token_type", "ttl", "renewBefore", "gracePeriod", "vaultPath", "ensureExists", "unmanagedTokens",
      "ducklings", "read_write", "read_scaling", "instance_size", "flock_size", "cooldown_seconds", "tagets", "TTL");
  static final List<String> VALUES = List.of("1", "-1", "0", "true", "null", "~", "\"\"", "[]", "{}", "x",
      "30d", "50%", "0%", "120%", "1e999", "-1e999", "99999999999999999999999999999", "0x1F", ".nan",
      "read_scaling", "pulse", "65", "{a: 1}", "[1, [2, [3]]]", "&a x", "*a", "!!binary aGVsbG8=", "'quoted'",
      "\"\\u0000\"", "2026-11-28", "12:30:00", "1h30m", "366d", "{username}/{x}");

  static final String NOISE = " :-{}[]&*!|>'\"#%@\t\n?,";
  final PolicyLoader loader = new PolicyLoader();

  @Test
  void tenThousandMutantsNeverThrowAndAlwaysLocateTheirProblems() throws IOException {
    List<String> bases = List.of(
        Files.readString(Path.of("config/policy.example.yaml")),
        "version: 1\naccounts:\n  - username: abc\n    slots:\n      - {name: rw, token_type: read_write, ttl: 1d}\n");
    Random rnd = new Random(SEED);
    long start = System.nanoTime();
    int rejected = 0;
    for (int i = 0; i < CASES; i++) {
      String base = bases.get(rnd.nextInt(bases.size()));
      byte[] mutant = mutate(base, rnd);
      LoadResult r;
      try {
        r = loader.load(Path.of("fuzz.yaml"), mutant, LoadOptions.defaults());
      } catch (RuntimeException | Error e) {
        throw new AssertionError("case " + i + " threw on:\n" + new String(mutant, StandardCharsets.UTF_8), e);
      }
      if (!r.isValid()) {
        rejected++;
        if (r.errors().isEmpty()) {
          fail("case " + i + " rejected without an error");
        }
        for (Problem p : r.problems()) {
          assertThat(p.line()).isPositive();
          assertThat(p.column()).isPositive();
          assertThat(p.message()).isNotBlank();
          assertThat(p.format()).matches("(?s)fuzz\\.yaml:[1-9][0-9]*:[1-9][0-9]*: .+");
        }
      }
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("fuzz: %d cases, %d rejected, %d ms%n", CASES, rejected, ms);
    assertThat(rejected).as("mutations must mostly be rejected").isGreaterThan(CASES / 2);
  }

  static byte[] mutate(String base, Random rnd) {
    String s = base;
    int rounds = 1 + rnd.nextInt(3);
    for (int k = 0; k < rounds; k++) {
      s = switch (rnd.nextInt(8)) {
        case 0 -> flipBytes(s, rnd);
        case 1 -> renameKey(s, rnd);
        case 2 -> swapValue(s, rnd);
        case 3 -> s.substring(0, rnd.nextInt(s.length() + 1));
        case 4 -> deepNesting(s, rnd);
        case 5 -> hugeNumber(s, rnd);
        case 6 -> duplicateLine(s, rnd);
        default -> aliasBomb(s, rnd);
      };
    }
    if (rnd.nextInt(10) == 0) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length > 0) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      }
      return b;
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String flipBytes(String s, Random rnd) {
    char[] c = s.toCharArray();
    for (int n = 1 + rnd.nextInt(4); n > 0 && c.length > 0; n--) {
      c[rnd.nextInt(c.length)] = NOISE.charAt(rnd.nextInt(NOISE.length()));
    }
    return new String(c);
  }

  static String renameKey(String s, Random rnd) {
    String from = KEYS.get(rnd.nextInt(KEYS.size()));
    String to = rnd.nextBoolean() ? KEYS.get(rnd.nextInt(KEYS.size())) : from.substring(0, from.length() - 1);
    return s.replaceFirst(from + ":", to + ":");
  }

  static String swapValue(String s, Random rnd) {
    String[] lines = s.split("\n", -1);
    int i = rnd.nextInt(lines.length);
    int colon = lines[i].indexOf(": ");
    if (colon > 0) {
      lines[i] = lines[i].substring(0, colon + 2) + VALUES.get(rnd.nextInt(VALUES.size()));
    }
    return String.join("\n", lines);
  }

  static String deepNesting(String s, Random rnd) {
    int depth = 10 + rnd.nextInt(5000);
    return switch (rnd.nextInt(3)) {
      case 0 -> s + "\nx: " + "[".repeat(depth) + "]".repeat(rnd.nextInt(depth + 1));
      case 1 -> s + "\nx: " + "{a: ".repeat(depth) + "1" + "}".repeat(depth);
      default -> {
        StringBuilder b = new StringBuilder(s).append("\nx:\n");
        for (int d = 1; d < Math.min(depth, 300); d++) {
          b.append(" ".repeat(d)).append("k:\n");
        }
        yield b.toString();
      }
    };
  }

  static String hugeNumber(String s, Random rnd) {
    String n = "9".repeat(1 + rnd.nextInt(3000));
    return s.replaceFirst("(ttl|flock_size|version|cooldown_seconds): [^\\n]*", "$1: " + (rnd.nextBoolean() ? n : "1e" + n));
  }

  static String duplicateLine(String s, Random rnd) {
    String[] lines = s.split("\n", -1);
    int i = rnd.nextInt(lines.length);
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < lines.length; k++) {
      b.append(lines[k]).append('\n');
      if (k == i) {
        b.append(lines[k]).append('\n');
      }
    }
    return b.toString();
  }

  static String aliasBomb(String s, Random rnd) {
    StringBuilder b = new StringBuilder(s).append("\nl0: &l0 [lol, lol]\n");
    for (int k = 1; k < 10; k++) {
      b.append("l").append(k).append(": &l").append(k).append(" [*l").append(k - 1).append(", *l").append(k - 1).append("]\n");
    }
    return rnd.nextBoolean() ? b.toString() : "a: &x 1\nb: *x\n" + s;
  }
}
