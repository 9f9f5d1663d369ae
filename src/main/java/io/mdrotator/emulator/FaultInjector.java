package io.mdrotator.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault rules and call counters per endpoint, shared by both emulators. Endpoint names are the
 * emulator's own (e.g. {@code createToken}, {@code kvWrite}); {@code "*"} matches every endpoint.
 * Calls can also be counted per subject of an endpoint (the MotherDuck emulator's subject is the
 * account), so a test can say "one PUT for this account". Thread-safe; randomness is seeded so a
 * test run is repeatable.
 */
public final class FaultInjector {
  public static final String ANY = "*";

  private final Map<String, List<Rule>> rules = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final Map<Subject, AtomicLong> callsBySubject = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();
  private final Random random;

  public FaultInjector(long seed) {
    this.random = new Random(seed);
  }

  public FaultInjector() {
    this(42L);
  }

  /** Adds a rule for {@code endpoint} (or {@link #ANY}). Rules are tried in the order added. */
  public synchronized void add(String endpoint, Fault fault) {
    rules.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(new Rule(fault));
  }

  /** Removes every rule (counters are kept). */
  public synchronized void clear() {
    rules.clear();
  }

  /** Sets every counter back to zero. */
  public void resetCounters() {
    calls.clear();
    callsBySubject.clear();
    injected.clear();
  }

  /**
   * {@link #onCall(String)}, and also counts the call for {@code subject} of {@code endpoint} (null:
   * the call has no subject, only the endpoint counter moves). Faults are per endpoint only.
   */
  public List<Fault> onCall(String endpoint, String subject) {
    if (subject != null) {
      callsBySubject.computeIfAbsent(new Subject(endpoint, subject), k -> new AtomicLong()).incrementAndGet();
    }
    return onCall(endpoint);
  }

  /**
   * Counts a call to {@code endpoint} and returns the faults that fire for it: at most one
   * non-latency fault, after any latency faults.
   */
  public synchronized List<Fault> onCall(String endpoint) {
    calls.computeIfAbsent(endpoint, k -> new AtomicLong()).incrementAndGet();
    List<Fault> fired = new ArrayList<>();
    boolean terminal = false;
    for (String key : List.of(endpoint, ANY)) {
      for (Rule rule : rules.getOrDefault(key, List.of())) {
        boolean isLatency = rule.fault.kind() == Fault.Kind.LATENCY;
        if ((terminal && !isLatency) || !rule.fire(random)) {
          continue;
        }
        fired.add(rule.fault);
        injected.computeIfAbsent(endpoint, k -> new AtomicLong()).incrementAndGet();
        terminal |= !isLatency;
      }
    }
    fired.sort((a, b) -> Boolean.compare(a.kind() != Fault.Kind.LATENCY, b.kind() != Fault.Kind.LATENCY));
    return fired;
  }

  /** The first non-latency fault of {@link #onCall}'s result, if any. */
  public static Optional<Fault> terminal(List<Fault> fired) {
    return fired.stream().filter(f -> f.kind() != Fault.Kind.LATENCY).findFirst();
  }

  /** Calls counted for {@code endpoint} since the last reset. */
  public long calls(String endpoint) {
    AtomicLong n = calls.get(endpoint);
    return n == null ? 0 : n.get();
  }

  /** Calls counted for {@code subject} of {@code endpoint} since the last reset (exact match). */
  public long calls(String endpoint, String subject) {
    AtomicLong n = callsBySubject.get(new Subject(endpoint, subject));
    return n == null ? 0 : n.get();
  }

  /** Faults fired on {@code endpoint} since the last reset. */
  public long injected(String endpoint) {
    AtomicLong n = injected.get(endpoint);
    return n == null ? 0 : n.get();
  }

  /** Faults fired on every endpoint since the last reset. */
  public long injectedTotal() {
    return injected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** A snapshot of all call counters. */
  public Map<String, Long> callCounts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private record Subject(String endpoint, String subject) {}

  private static final class Rule {
    final Fault fault;
    int remaining;

    Rule(Fault fault) {
      this.fault = fault;
      this.remaining = fault.count();
    }

    boolean fire(Random random) {
      if (remaining == 0) {
        return false;
      }
      if (fault.rate() < 1.0 && random.nextDouble() >= fault.rate()) {
        return false;
      }
      if (remaining > 0) {
        remaining--;
      }
      return true;
    }
  }
}
