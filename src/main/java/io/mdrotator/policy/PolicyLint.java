package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import io.mdrotator.document.Severity;
import io.mdrotator.document.Location;
import io.mdrotator.document.LocatedDocument;
import io.mdrotator.document.Pointers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant lint over a resolved policy: legal but risky settings, reported as warnings (errors
 * with {@code --strict}). Pure.
 */
final class PolicyLint {
  /** A rotation must be able to wait out an outage this long before the token expires. */
  static final Duration OUTAGE_BUDGET = Duration.ofHours(1);
  static final int MAX_FLOCK = 64;

  private final Path file;
  private final LocatedDocument doc;
  private final List<Problem> warnings = new ArrayList<>();

  PolicyLint(Path file, LocatedDocument doc) {
    this.file = file;
    this.doc = doc;
  }

  List<Problem> check(PolicyFile pf, List<ResolvedSlot> slots) {
    Map<String, ResolvedSlot> paths = new HashMap<>();
    for (ResolvedSlot s : slots) {
      timing(s);
      ResolvedSlot other = paths.putIfAbsent(s.policy().vaultPath(), s);
      if (other != null) {
        warn(pointerOr(s.vaultPath(), s.namePointer()), name(s) + ": writes the same Vault path '"
            + s.policy().vaultPath() + "' as " + other.policy().id() + "; one overwrites the other");
      }
    }
    for (int i = 0; i < pf.accounts().size(); i++) {
      account(pf.accounts().get(i), "/accounts/" + i);
    }
    return warnings;
  }

  private void timing(ResolvedSlot s) {
    SlotPolicy p = s.policy();
    Duration renew = p.renewBefore().before(p.ttl());
    // renewBefore >= ttl is an error (PolicyResolver): such a slot never reaches lint.
    if (renew.compareTo(OUTAGE_BUDGET) < 0) {
      String rbAt = s.renewBefore().isBuiltIn() ? pointerOr(s.ttl(), s.namePointer()) : s.renewBefore().pointer();
      warn(rbAt, name(s) + ": renewBefore " + Durations.format(renew) + " (ttl "
          + Durations.format(p.ttl()) + ") leaves less than 1h of retries; an hour-long outage would let the token expire");
    }
    if (p.gracePeriod().compareTo(renew) > 0) {
      warn(pointerOr(s.gracePeriod(), s.namePointer()), name(s) + ": gracePeriod "
          + Durations.format(p.gracePeriod()) + " > renewBefore " + Durations.format(renew)
          + ": the old token is revoked after consumers may still need it (it expires first)");
    }
    p.retirement().filter(r -> r.gracePeriod().compareTo(p.ttl()) > 0).ifPresent(r ->
        warn(s.namePointer(), name(s) + ": retire.gracePeriod " + Durations.format(r.gracePeriod())
            + " > ttl " + Durations.format(p.ttl()) + ": a retiring slot mints no new token, so the served"
            + " token expires before the retirement deadline"));
  }

  private void account(PolicyFile.Account a, String ap) {
    boolean hasReadWrite = a.slots().stream().anyMatch(s -> TokenType.READ_WRITE.wire().equals(s.tokenType()));
    for (int j = 0; j < a.slots().size(); j++) {
      PolicyFile.Slot s = a.slots().get(j);
      if (!hasReadWrite && TokenType.READ_SCALING.wire().equals(s.tokenType())) {
        warn(ap + "/slots/" + j + "/token_type", Pointers.dotted(ap + "/slots/" + j)
            + ": read_scaling slot '" + s.name() + "' on account '" + a.username()
            + "' which has no read_write slot; read-scaling tokens need the account to have connected with a read_write token");
      }
    }
    PolicyFile.Ducklings d = a.ducklings();
    if (d == null) {
      return;
    }
    String dp = ap + "/ducklings";
    if ("pulse".equals(d.readWrite().instanceSize()) && d.readWrite().cooldownSeconds() != null) {
      warn(dp + "/read_write/cooldown_seconds", Pointers.dotted(dp + "/read_write/cooldown_seconds")
          + ": pulse Ducklings have a fixed cooldown; the value is ignored");
    }
    if ("pulse".equals(d.readScaling().instanceSize()) && d.readScaling().cooldownSeconds() != null) {
      warn(dp + "/read_scaling/cooldown_seconds", Pointers.dotted(dp + "/read_scaling/cooldown_seconds")
          + ": pulse Ducklings have a fixed cooldown; the value is ignored");
    }
    int flock = d.readScaling().flockSize();
    if (flock < 0 || flock > MAX_FLOCK) {
      warn(dp + "/read_scaling/flock_size", Pointers.dotted(dp + "/read_scaling/flock_size") + ": flock_size "
          + flock + " is outside 0.." + MAX_FLOCK + "; MotherDuck will reject it");
    }
  }

  private static String pointerOr(ResolvedSlot.Field f, String fallback) {
    return f.isBuiltIn() ? fallback : f.pointer();
  }

  private static String name(ResolvedSlot s) {
    return Pointers.dotted(s.pointer()) + " (" + s.policy().id() + ")";
  }

  private void warn(String pointer, String message) {
    Location l = doc.valueAt(pointer);
    warnings.add(new Problem(file, l.line(), l.column(), Severity.WARNING, message));
  }
}
