package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import io.mdrotator.document.Severity;
import io.mdrotator.policy.DucklingConfig.InstanceSize;
import io.mdrotator.policy.ResolvedSlot.Field;
import io.mdrotator.document.Location;
import io.mdrotator.document.LocatedDocument;
import io.mdrotator.document.Pointers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Applies inheritance (defaults, account, slot) to a bound {@link PolicyFile} and checks the rules
 * the schema cannot express: TTL bounds, renewBefore and Vault path syntax, unique slot names and
 * case-insensitively unique usernames. Pure; one instance per load.
 */
final class PolicyResolver {
  static final String DEFAULT_TTL = "30d";
  static final String DEFAULT_GRACE = "1h";

  private final Path file;
  private final LocatedDocument doc;
  private final LoadOptions options;
  private final List<Problem> problems = new ArrayList<>();
  private final List<ResolvedSlot> resolvedSlots = new ArrayList<>();
  /** Durations parsed so far, by text: a fleet writes a handful of distinct values, once per slot. */
  private final Map<String, Duration> durations = new HashMap<>();
  /** Valid renewBefore percentages so far, by text (a Fraction is an immutable value). */
  private final Map<String, RenewBefore> fractions = new HashMap<>();
  private final RetireSettings retire = new RetireSettings(this::error);

  PolicyResolver(Path file, LocatedDocument doc, LoadOptions options) {
    this.file = file;
    this.doc = doc;
    this.options = options;
  }

  List<Problem> problems() {
    return problems;
  }

  List<ResolvedSlot> resolvedSlots() {
    return resolvedSlots;
  }

  Policy resolve(PolicyFile pf) {
    PolicyFile.Defaults d =
        pf.defaults() != null ? pf.defaults() : new PolicyFile.Defaults(null, null, null, null, null, null);
    List<AccountPolicy> accounts = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < pf.accounts().size(); i++) {
      PolicyFile.Account a = pf.accounts().get(i);
      String ptr = "/accounts/" + i;
      Integer first = seen.putIfAbsent(a.username().toLowerCase(Locale.ROOT), i);
      if (first != null) {
        Location prev = doc.valueAt("/accounts/" + first + "/username");
        error(ptr + "/username", "accounts[" + i + "].username: '" + a.username()
            + "' is listed twice (usernames are case-insensitive; first at line " + prev.line() + ")");
      }
      accounts.add(account(a, ptr, d));
    }
    return new Policy(accounts);
  }

  private AccountPolicy account(PolicyFile.Account a, String ptr, PolicyFile.Defaults d) {
    boolean ensure = a.ensureExists() != null ? a.ensureExists()
        : d.ensureExists() != null && d.ensureExists();
    String unmanaged = a.unmanagedTokens() != null ? a.unmanagedTokens()
        : d.unmanagedTokens() != null ? d.unmanagedTokens() : "report";
    List<SlotPolicy> slots = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (int j = 0; j < a.slots().size(); j++) {
      PolicyFile.Slot s = a.slots().get(j);
      String sp = ptr + "/slots/" + j;
      Integer first = names.putIfAbsent(s.name(), j);
      if (first != null) {
        error(sp + "/name", Pointers.dotted(sp) + ".name: slot '" + s.name()
            + "' is defined twice in account '" + a.username() + "'");
      }
      slot(a, ptr, s, sp, d).ifPresent(slots::add);
    }
    return new AccountPolicy(
        a.username(),
        ensure,
        ducklings(a.ducklings()),
        UnmanagedTokens.valueOf(unmanaged.toUpperCase(Locale.ROOT)),
        slots);
  }

  private Optional<SlotPolicy> slot(
      PolicyFile.Account a, String ap, PolicyFile.Slot s, String sp, PolicyFile.Defaults d) {
    Field ttlF = pick(s.ttl(), sp, a.ttl(), ap, d.ttl(), "ttl", DEFAULT_TTL);
    Field rbF = pick(s.renewBefore(), sp, a.renewBefore(), ap, d.renewBefore(), "renewBefore", null);
    Field graceF = pick(s.gracePeriod(), sp, a.gracePeriod(), ap, d.gracePeriod(), "gracePeriod", DEFAULT_GRACE);
    Field pathF = pick(s.vaultPath(), sp, a.vaultPath(), ap, d.vaultPath(), "vaultPath", VaultPaths.DEFAULT_TEMPLATE);
    int before = problems.size();
    Duration ttl = ttl(ttlF, sp);
    RenewBefore rb = renewBefore(rbF, sp);
    Duration grace = duration(graceF, sp);
    String path = vaultPath(pathF, a.username(), s.name(), sp);
    if (ttl != null && rb != null) {
      renewalPossible(ttl, rb, rbF, sp, new SlotId(a.username(), s.name()));
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    Optional<Retirement> retirement = retire.of(a.retire(), ap, s.retire(), sp);
    if (problems.size() > before) {
      return Optional.empty();
    }
    SlotPolicy slot = new SlotPolicy(new SlotId(a.username(), s.name()),
        TokenType.fromWire(s.tokenType()), ttl, rb, grace, path, retirement);
    resolvedSlots.add(new ResolvedSlot(slot, sp, ttlF, rbF, graceF, pathF));
    return Optional.of(slot);
  }

  private static Field pick(String slot, String sp, String acc, String ap, String def, String key, String builtIn) {
    if (slot != null) {
      return new Field(slot, sp, key);
    }
    if (acc != null) {
      return new Field(acc, ap, key);
    }
    if (def != null) {
      return new Field(def, "/defaults", key);
    }
    return Field.builtIn(builtIn);
  }

  private Duration ttl(Field f, String sp) {
    Duration ttl = duration(f, sp);
    if (ttl == null) {
      return null;
    }
    if (ttl.compareTo(options.minimumTtl()) < 0) {
      error(at(f, sp), where(f, sp, "ttl") + ": ttl " + f.text() + " is shorter than the minimum "
          + Durations.format(options.minimumTtl())
          + (options.minimumTtl().getSeconds() >= 300 ? " (MotherDuck rejects ttl < 300s)" : ""));
    } else if (ttl.compareTo(LoadOptions.MAXIMUM_TTL) > 0) {
      error(at(f, sp), where(f, sp, "ttl") + ": ttl " + f.text() + " is longer than 365d");
    }
    return ttl;
  }

  /**
   * A fixed renewBefore at least as long as the ttl makes every new token due at once: the daemon
   * would mint in a loop (7 tokens in 40 s were seen), so it is an error, reported where
   * renewBefore is written. A percentage is always below 100% and cannot do this.
   */
  private void renewalPossible(Duration ttl, RenewBefore rb, Field rbF, String sp, SlotId id) {
    if (rb instanceof RenewBefore.Fixed fixed && fixed.duration().compareTo(ttl) >= 0) {
      error(at(rbF, sp), Pointers.dotted(sp) + " (" + id + "): renewBefore " + Durations.format(fixed.duration())
          + " >= ttl " + Durations.format(ttl) + ": every new token would already be due and rotation would loop; make renewBefore shorter than ttl");
    }
  }

  private RenewBefore renewBefore(Field f, String sp) {
    if (f.text() == null) {
      return RenewBefore.DEFAULT;
    }
    String text = f.text();
    if (text.endsWith("%")) {
      RenewBefore known = fractions.get(text);
      if (known != null) {
        return known;
      }
      double pct = Double.parseDouble(text.substring(0, text.length() - 1));
      if (!(pct > 0 && pct < 100)) {
        error(at(f, sp), where(f, sp, "renewBefore") + ": percentage " + text + " must be above 0% and below 100%");
        return null;
      }
      RenewBefore fraction = new RenewBefore.Fraction(pct / 100.0);
      fractions.put(text, fraction);
      return fraction;
    }
    Duration dur = duration(f, sp);
    if (dur != null && dur.isZero()) {
      error(at(f, sp), where(f, sp, "renewBefore") + ": renewBefore must be longer than 0s");
      return null;
    }
    return dur == null ? null : new RenewBefore.Fixed(dur);
  }

  private Duration duration(Field f, String sp) {
    try {
      return parsed(f.text());
    } catch (IllegalArgumentException e) {
      error(at(f, sp), where(f, sp, keyOf(f)) + ": " + e.getMessage());
      return null;
    }
  }

  /** {@link Durations#parse}, once per distinct text (a malformed text throws each time). */
  private Duration parsed(String text) {
    return durations.computeIfAbsent(text, Durations::parse);
  }

  private String vaultPath(Field f, String username, String slot, String sp) {
    try {
      return VaultPaths.expand(f.text(), username, slot);
    } catch (IllegalArgumentException e) {
      error(at(f, sp), where(f, sp, "vaultPath") + ": " + e.getMessage());
      return null;
    }
  }

  private static Optional<DucklingConfig> ducklings(PolicyFile.Ducklings d) {
    if (d == null) {
      return Optional.empty();
    }
    InstanceSize rw = InstanceSize.fromWire(d.readWrite().instanceSize());
    InstanceSize rs = InstanceSize.fromWire(d.readScaling().instanceSize());
    // Pulse has a fixed cooldown: MotherDuck rejects one, so it is dropped (lint warns).
    Optional<Integer> rwCool = rw == InstanceSize.PULSE ? Optional.empty() : Optional.ofNullable(d.readWrite().cooldownSeconds());
    Optional<Integer> rsCool = rs == InstanceSize.PULSE ? Optional.empty() : Optional.ofNullable(d.readScaling().cooldownSeconds());
    return Optional.of(new DucklingConfig(
        new DucklingConfig.ReadWrite(rw, rwCool),
        new DucklingConfig.ReadScaling(rs, d.readScaling().flockSize(), rsCool)));
  }

  private static String at(Field f, String sp) {
    return f.pointer() != null ? f.pointer() : sp;
  }

  private static String keyOf(Field f) {
    return f.pointer() == null ? "value" : f.pointer().substring(f.pointer().lastIndexOf('/') + 1);
  }

  private static String where(Field f, String sp, String key) {
    return f.pointer() != null ? Pointers.dotted(f.pointer()) : Pointers.dotted(sp) + "." + key;
  }

  private void error(String pointer, String message) {
    Location l = doc.valueAt(pointer);
    problems.add(new Problem(file, l.line(), l.column(), Severity.ERROR, message));
  }
}
