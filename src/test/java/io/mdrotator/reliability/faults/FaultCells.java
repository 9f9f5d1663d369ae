package io.mdrotator.reliability.faults;

import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.CREATE_TOKEN;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.LIST_TOKENS;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.REVOKE_TOKEN;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.SET_DUCKLINGS;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.FaultInjector;
import io.mdrotator.tools.probe.NoLiveSpan;
import io.mdrotator.tools.probe.ProbeViolation;
import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.FailureReason;
import io.mdrotator.rotation.PlannedAction.RotateReason;
import io.mdrotator.secret.Secret;
import io.mdrotator.port.KvVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fault matrix: one cell per fault, each with its expected outcome. Unless a cell says
 * otherwise, every cell also requires: the rotation completes (Vault serves a new token), the old
 * token is revoked and never before its grace ended, no orphan, the slot converges, and the
 * consumer probe sees 0 violations.
 */
final class FaultCells {
  /** A little before the first scheduled rotation (at 40 min minus up to 2 min of jitter). */
  static final Duration BEFORE_ROTATION = Duration.ofMinutes(35);
  private static final String RETRIED = "rotation retried and completes, old token revoked after grace, 0 probe violations";

  private FaultCells() {}

  static List<FaultCell> all() {
    List<FaultCell> cells = new ArrayList<>();
    cells.addAll(motherDuck());
    cells.addAll(vault());
    cells.addAll(clock());
    cells.addAll(liveness());
    return cells;
  }

  static List<FaultCell> motherDuck() {
    return List.of(
        md("md-latency-spikes", "250 ms latency on the next 5 calls of every endpoint", FaultInjector.ANY,
            Fault.latency(Duration.ofMillis(250)).times(5), "rotation completes on time despite slow replies, 0 probe violations"),
        md("md-500-create", "HTTP 500 on 2 token creates", CREATE_TOKEN, Fault.status(500).times(2),
            "create outcome unknown: engine lists by name, revokes any token minted, " + RETRIED),
        md("md-502-list", "HTTP 502 on 3 token listings", LIST_TOKENS, Fault.status(502).times(3),
            "client retries the GET with backoff; " + RETRIED),
        md("md-503-revoke", "HTTP 503 on 6 revokes (more than the client's 4 retries)", REVOKE_TOKEN, Fault.status(503).times(6),
            "revocation fails once and is retried at the next wake-up; old token revoked after grace (late, never early), 0 probe violations"),
        md("md-504-any", "HTTP 504 on the next 4 calls of any endpoint", FaultInjector.ANY, Fault.status(504).times(4),
            "idempotent calls retried, a create answered 504 is an unknown outcome reconciled by listing; " + RETRIED),
        md("md-429-retry-after-seconds", "429 with Retry-After: 1 on a listing", LIST_TOKENS,
            Fault.rateLimited(Duration.ofSeconds(1)).times(1), "client waits at least 1 s and retries; " + RETRIED),
        new FaultCell("md-429-retry-after-date", "MotherDuck", "429 with Retry-After as an HTTP-date on a create",
            "a 429 is answered before processing, so even the create is retried after the date; " + RETRIED,
            Duration.ZERO, false, (run, t) -> {
              if (run.once("inject", t, BEFORE_ROTATION)) {
                run.world().md.retryAfterAsHttpDate(true);
                run.world().md.faults().add(CREATE_TOKEN, Fault.rateLimited(Duration.ofSeconds(1)).times(1));
              }
              return 0;
            }),
        md("md-reset-create", "connection reset before a create is processed", CREATE_TOKEN, Fault.reset().times(1),
            "outcome unknown, listing finds no token, intent dropped; " + RETRIED),
        md("md-reset-list", "connection reset on 2 listings", LIST_TOKENS, Fault.reset().times(2), "GET retried; " + RETRIED),
        md("md-malformed-create", "create committed, reply is half a JSON document", CREATE_TOKEN, Fault.malformed().times(1),
            "secret unreadable: the minted token is found by name and revoked at once; " + RETRIED),
        md("md-malformed-list", "listing answered with half a JSON document", LIST_TOKENS, Fault.malformed().times(1),
            "typed malformed-reply error naming the endpoint, attempt fails; " + RETRIED),
        md("md-truncated-create", "create committed, reply body cut short (connection closed)", CREATE_TOKEN,
            Fault.truncated().times(1), "outcome unknown, token found by name and revoked; " + RETRIED),
        md("md-truncated-list", "listing body cut short", LIST_TOKENS, Fault.truncated().times(1), "GET retried; " + RETRIED),
        md("md-commit-then-drop-create", "create committed, connection dropped before the reply", CREATE_TOKEN,
            Fault.commitThenDrop().times(1), "outcome unknown, the minted token is found by name and revoked (0 orphans); " + RETRIED),
        md("md-commit-then-drop-revoke", "revoke committed, connection dropped before the reply", REVOKE_TOKEN,
            Fault.commitThenDrop().times(1), "DELETE retried, 404 means already gone; old token revoked after grace, 0 probe violations"),
        new FaultCell("md-401-admin-token-revoked", "MotherDuck", "admin token revoked at 35 min, a new one restored at 45 min",
            "every call fails with a typed 401 auth error, the served token is left alone and stays valid; "
                + "the first attempt after the restore rotates; 0 probe violations",
            Duration.ZERO, false, (run, t) -> {
              if (run.once("revoke", t, BEFORE_ROTATION)) {
                run.world().md.replaceAdminToken(Secret.of("faults-admin-replacement-" + System.nanoTime()));
                return 1;
              }
              if (run.once("restore", t, Duration.ofMinutes(45))) {
                run.world().md.replaceAdminToken(run.world().admin);
              }
              return 0;
            }));
  }

  static List<FaultCell> vault() {
    return List.of(
        new FaultCell("vault-sealed", "Vault", "Vault sealed (503) from 35 to 45 min",
            "typed sealed error, nothing minted while sealed or revoked; rotation completes after unseal, 0 probe violations",
            Duration.ZERO, false, (run, t) -> {
              if (run.once("seal", t, BEFORE_ROTATION)) {
                run.world().vault.seal();
                return 1;
              }
              if (run.once("unseal", t, Duration.ofMinutes(45))) {
                run.world().vault.unseal();
              }
              return 0;
            }),
        vault("vault-403-read", "HTTP 403 on 2 KV reads", "kvRead", Fault.status(403).times(2),
            "AppRole session logs in again once and retries; " + RETRIED),
        vault("vault-403-write", "HTTP 403 on a KV write", "kvWrite", Fault.status(403).times(1),
            "AppRole session logs in again once and retries the write (a 403 wrote nothing): no failed attempt; " + RETRIED)
            .mustNotFail(),
        vault("vault-412-write", "HTTP 412 (index state not present) on 2 KV writes", "kvWrite", Fault.status(412).times(2),
            "write fails cleanly (CAS base unchanged), minted token revoked; " + RETRIED),
        vault("vault-500-write", "HTTP 500 on 2 KV writes", "kvWrite", Fault.status(500).times(2),
            "write outcome resolved by re-reading (not applied); " + RETRIED),
        vault("vault-500-read", "HTTP 500 on 3 KV reads", "kvRead", Fault.status(500).times(3),
            "reads retried, then the attempt fails; " + RETRIED),
        vault("vault-429-read", "HTTP 429 (rate-limit quota) on a KV read", "kvRead",
            Fault.rateLimited(Duration.ofSeconds(0)).times(1), "read retried; " + RETRIED),
        vault("vault-lost-write-reply", "KV write committed, connection dropped before the reply", "kvWrite",
            Fault.commitThenDrop().times(1), "write resolved by re-reading: version N+1 holds our data; rotation completes, 0 probe violations"),
        vault("vault-malformed-write-reply", "KV write committed, reply is half a JSON document", "kvWrite",
            Fault.malformed().times(1), "treated as a lost reply and resolved by re-reading; rotation completes, 0 probe violations"),
        vault("vault-malformed-read", "KV read answered 200 with half a JSON document", "kvRead", Fault.malformed().times(1),
            "no usable reply (not an empty version), read retried; " + RETRIED),
        vault("vault-slow", "200 ms latency on the next 6 Vault calls", FaultInjector.ANY,
            Fault.latency(Duration.ofMillis(200)).times(6), "rotation completes on time despite slow replies, 0 probe violations"),
        new FaultCell("vault-token-expired", "Vault", "the daemon's Vault token expires server-side at 35 min",
            "403 on the next call, the AppRole session logs in again and the call succeeds: no failed attempt; " + RETRIED,
            Duration.ZERO, false, (run, t) -> run.once("expire", t, BEFORE_ROTATION) ? run.world().expireLoginTokens() : 0)
            .mustNotFail(),
        new FaultCell("vault-cas-mismatch", "Vault", "another writer bumps the slot's state document while a rotation is in flight",
            "the state update's check-and-set fails, it re-reads and retries; rotation completes, 0 probe violations",
            Duration.ZERO, false, (run, t) -> {
              if (run.once("arm", t, BEFORE_ROTATION)) {
                run.slot.auditor.onNextMint = () -> bumpStateDocument(run);
                return 1;
              }
              return 0;
            }));
  }

  static List<FaultCell> clock() {
    return List.of(
        new FaultCell("clock-skew-below-renew-before", "clock", "daemon clock 15 min behind MotherDuck and Vault (renewBefore 20 min)",
            "rotation starts 15 min late by the true clock but before expiry; the old token's grace ends as it expires "
                + "(no revocation needed, never early); 0 probe violations",
            Duration.ofMinutes(-15), false, FaultCells::skewed),
        new FaultCell("clock-skew-above-renew-before", "clock", "daemon clock 25 min behind (more than renewBefore 20 min)",
            "UNAVOIDABLE: the token expires while the daemon believes it fresh; consumers see an expired token until the next "
                + "look (resync) finds it unlisted and rotates; probe violations > 0 (known limitation)",
            Duration.ofMinutes(-25), true, FaultCells::skewed));
  }

  /**
   * Recovery-time cells: a token that dies during an outage, a token revoked behind md-rotator's back,
   * a refused Duckling configuration, a failure after the store, and mint refusals that must keep
   * the server's reason.
   */
  static List<FaultCell> liveness() {
    return List.of(
        new FaultCell("md-create-refused-until-expiry", "MotherDuck",
            "HTTP 503 on every token create from 35 min until 62 min (the served token expires at 60 min)",
            "no rotation can complete; the served token expires at 60 min while creation is refused (probe violations, "
                + "SERVED_EXPIRED only, from the expiry until the recovery: unavoidable); after the heal at 62 min the "
                + "next attempt comes on the short urgent interval, not a backoff: a new live token within 30 s of the "
                + "heal, rotated with reason served_token_expired; old token gone, no orphan",
            Duration.ZERO, true, (run, t) -> {
              if (run.once("inject", t, BEFORE_ROTATION)) {
                run.world().md.faults().add(CREATE_TOKEN, Fault.status(503));
              }
              return 0;
            })
            .healAt(OUTLASTS_TOKEN, OUTLASTS_TOKEN.plus(Duration.ofMinutes(20))).firstTokenDies()
            .checks(run -> recoveredAfterExpiry(run)),
        new FaultCell("vault-outage-outlasts-token", "Vault", "Vault sealed (503) from 35 min until 62 min (the served token expires at 60 min)",
            "nothing can be read or stored while sealed; the served token expires at 60 min (probe violations, "
                + "SERVED_EXPIRED only, from the expiry until the recovery: unavoidable); after the unseal at 62 min a new "
                + "live token within 30 s, rotated with reason served_token_expired; no orphan",
            Duration.ZERO, true, (run, t) -> {
              if (run.once("seal", t, BEFORE_ROTATION)) {
                run.world().vault.seal();
                return 1;
              }
              return 0;
            })
            .healAt(OUTLASTS_TOKEN, OUTLASTS_TOKEN.plus(Duration.ofMinutes(20))).firstTokenDies()
            .checks(run -> recoveredAfterExpiry(run)),
        new FaultCell("external-revoke", "MotherDuck",
            "the served token revoked through the API (DELETE, as an admin in the UI) at 15 min 1 s, mid-life; "
                + "the daemon's liveness watch modelled (every 30 s)",
            "the watch's next tick (15 min 30 s) finds the served token not listed and the engine rotates at once with "
                + "reason served_token_revoked_externally; consumers read the revoked token for at most 60 s "
                + "(watch period + rotation; probe violations SERVED_REVOKED only, inside that window); no orphan",
            Duration.ZERO, true, (run, t) -> {
              if (run.once("revoke", t, EXTERNAL_REVOKE_AT)) {
                run.world().mdClient(run.world().clock).revokeToken(run.slot.user(), run.first);
                run.note("revoked at " + clockTime(run, run.world().clock.instant()));
                return 1;
              }
              return 0;
            })
            .watched(WATCH_PERIOD).stopsAt(EXTERNAL_REVOKE_AT).firstTokenDies()
            .checks(FaultCells::replacedAfterExternalRevoke),
        new FaultCell("ducklings-rejected", "MotherDuck",
            "the account declares read_scaling flock_size 32, above the org's limit of 16: every Duckling update is "
                + "answered 400 (from the start)",
            "tokens are minted, stored, rotated (due 38-40 min) and revoked on schedule as if nothing were wrong, no "
                + "reconcile fails; ducklingsChecked reports REJECTED with the server's reason; 0 probe violations",
            Duration.ZERO, false, (run, t) -> {
              if (run.once("declared", t, Duration.ZERO)) {
                run.mark = run.world().md.calls(SET_DUCKLINGS);
                return 1;
              }
              return 0;
            })
            .ducklings(REFUSED_DUCKLINGS).mustNotFail()
            .checks(FaultCells::tokensServedDespiteRejectedDucklings),
        new FaultCell("state-write-503-after-store", "Vault",
            "HTTP 503 on 4 token creates from 35 min (a streak of failed attempts), then HTTP 503 on the KV write right "
                + "after the new token was stored (the state document's completion write)",
            "the attempt fails after the store (Vault already serves the new token, intent left open); whatever the "
                + "streak before it, the next attempt is planned within the urgent interval (10 s), not minutes, "
                + "completes the intent and supersedes the old token; 0 probe violations, no orphan",
            Duration.ZERO, false, (run, t) -> {
              if (run.once("arm", t, BEFORE_ROTATION)) {
                run.world().md.faults().add(CREATE_TOKEN, Fault.status(503).times(STREAK_BEFORE_STORE));
                run.slot.events.onNextStore = () -> run.world().vault.faults().add("kvWrite", Fault.status(503).times(1));
              }
              return 0;
            })
            .checks(FaultCells::retriedUrgentlyAfterStore),
        mintRefused("md-create-400-reason", "HTTP 400 on 2 token creates: ttl below the API's minimum (issue with path ttl)",
            400, MINT_400_BODY, FailureReason.MOTHERDUCK_REJECTED, List.of(MINT_400_MESSAGE), true),
        mintRefused("md-create-403-reason",
            "HTTP 403 FORBIDDEN on 2 token creates: admins cannot create tokens for other members; only for service accounts",
            403, MINT_403_BODY, FailureReason.MOTHERDUCK_FORBIDDEN, List.of(MINT_403_MESSAGE), false));
  }

  /** Failed attempts before the store whose completion fails (old backoff after 4: 40-80 s). */
  static final int STREAK_BEFORE_STORE = 4;
  /** The token lives 60 min; the outage cells heal 2 min after it expired. */
  static final Duration OUTLASTS_TOKEN = Duration.ofMinutes(62);
  /** Recovery objective after a heal, and the urgent retry interval (docs/rotation-protocol.md, section 5). */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
  static final Duration URGENT_INTERVAL = Duration.ofSeconds(10);
  /** The daemon's liveness watch period (default) and the external-revocation objective. */
  static final Duration WATCH_PERIOD = Duration.ofSeconds(30);
  static final Duration EXTERNAL_REVOKE_BOUND = Duration.ofSeconds(60);
  /** One second after a watch tick (ticks every 30 s from the first token): the worst case for detection. */
  static final Duration EXTERNAL_REVOKE_AT = Duration.ofMinutes(15).plusSeconds(1);

  static final DucklingConfig REFUSED_DUCKLINGS = new DucklingConfig(
      new DucklingConfig.ReadWrite(DucklingConfig.InstanceSize.STANDARD, Optional.of(60)),
      new DucklingConfig.ReadScaling(DucklingConfig.InstanceSize.STANDARD, 32, Optional.of(60)));

  static final String MINT_400_MESSAGE = "Number must be greater than or equal to 300";
  /** The API's 400 shape (tRPC/zod, API reference 1.1) for a create-token whose ttl is too small. */
  static final String MINT_400_BODY = """
      {"message":"Number must be greater than or equal to 300","code":"BAD_REQUEST",\
      "data":{"code":"BAD_REQUEST","httpStatus":400,"path":"users.createToken"},\
      "issues":[{"code":"too_small","message":"Number must be greater than or equal to 300","path":["ttl"]}]}""";
  static final String MINT_403_MESSAGE = "admins cannot create tokens for other members; only for service accounts";
  static final String MINT_403_BODY = """
      {"message":"admins cannot create tokens for other members; only for service accounts","code":"FORBIDDEN",\
      "issues":[]}""";

  /** Token creation answered with a canned refusal {@code times} 2 from 35 min, then healthy again. */
  private static FaultCell mintRefused(String name, String fault, int status, String body, FailureReason reason,
      List<String> mustName, boolean ttlPath) {
    return new FaultCell(name, "MotherDuck", fault,
        "each refused attempt fails with the server's reason kept: the failure's message names HTTP " + status + ", "
            + String.join(", ", mustName) + (ttlPath ? " and the issue's path ttl" : "") + "; FailureReason "
            + reason.label() + "; " + RETRIED,
        Duration.ZERO, false, (run, t) -> {
          if (run.once("inject", t, BEFORE_ROTATION)) {
            run.world().front().answer("POST", "/tokens", status, body, 2);
          }
          return 0;
        })
        .throughFront()
        .checks(run -> reasonKept(run, status, reason, mustName, ttlPath));
  }

  /** The no-live stretch that was going on when the faults were removed, if any. */
  private static Optional<NoLiveSpan> spanAtHeal(FaultCell.Run run) {
    return run.slot.probe.noLiveSpans().stream()
        .filter(sp -> !sp.from().isAfter(run.healedAt) && sp.until().map(u -> !u.isBefore(run.healedAt)).orElse(true))
        .findFirst();
  }

  /** Expired during the outage: live again within 30 s of the heal, violations only between expiry and recovery. */
  private static List<String> recoveredAfterExpiry(FaultCell.Run run) {
    List<String> problems = new ArrayList<>();
    Instant expires = run.firstExpires.orElse(null);
    if (expires == null || !expires.isBefore(run.healedAt)) {
      problems.add("the first token did not expire before the heal (expires " + expires + ", healed " + run.healedAt + ")");
      return problems;
    }
    Optional<NoLiveSpan> span = spanAtHeal(run);
    if (span.isEmpty()) {
      problems.add("consumers had a live token at the heal: the outage did not outlast the token");
      return problems;
    }
    if (span.get().until().isEmpty()) {
      problems.add("no live token by the end of the cell (dead since " + clockTime(run, span.get().from()) + ")");
      return problems;
    }
    Instant recovered = span.get().until().get();
    Duration recovery = Duration.between(run.healedAt, recovered);
    run.note("no live token from " + clockTime(run, span.get().from()) + " (expiry " + clockTime(run, expires)
        + ") to " + clockTime(run, recovered) + ": recovery " + seconds(recovery) + " after the heal");
    System.out.println("fault matrix: " + run.slot.user() + " time to recovery after the heal " + recovery.toMillis() + " ms");
    if (recovery.compareTo(RECOVERY_BOUND) > 0) {
      problems.add("recovery took " + recovery.toSeconds() + " s after the heal, bound " + RECOVERY_BOUND.toSeconds()
          + " s (attempts around the heal: " + attemptsAround(run, run.healedAt) + ")");
    }
    for (ProbeViolation v : run.slot.probe.figures().violations()) {
      if (v.kind() != ProbeViolation.Kind.SERVED_EXPIRED || v.at().isBefore(expires) || v.at().isAfter(recovered)) {
        problems.add("violation outside the expired-during-outage window: " + v);
      }
    }
    boolean named = run.slot.events.starting.stream().anyMatch(s -> !s.at().isBefore(run.healedAt)
        && !s.at().isAfter(recovered) && s.reason() == RotateReason.EXPIRED);
    if (!named) {
      problems.add("the recovering rotation did not start with reason " + RotateReason.EXPIRED.label() + " (starts: "
          + startsSummary(run) + ")");
    }
    return problems;
  }

  /** Revoked behind md-rotator's back: rotated for that reason, consumers' invalid window within 60 s. */
  private static List<String> replacedAfterExternalRevoke(FaultCell.Run run) {
    List<String> problems = new ArrayList<>();
    Instant revokedAt = run.t0.plus(EXTERNAL_REVOKE_AT);
    Optional<NoLiveSpan> span = run.slot.probe.noLiveSpans().stream().filter(sp -> !sp.from().isBefore(revokedAt))
        .findFirst();
    if (span.isEmpty()) {
      problems.add("consumers never read the revoked token (the revocation did not take effect?)");
      return problems;
    }
    if (span.get().until().isEmpty()) {
      problems.add("the revoked token was never replaced (consumers without a live token since "
          + clockTime(run, span.get().from()) + ")");
      return problems;
    }
    Duration window = span.get().length(span.get().from());
    run.note("invalid reads " + seconds(window) + " (" + clockTime(run, span.get().from()) + " to "
        + clockTime(run, span.get().until().get()) + "), " + run.slot.watchReconciles + " watch-started reconcile(s)");
    System.out.println("fault matrix: " + run.slot.user() + " external revocation replaced after " + window.toMillis() + " ms");
    if (window.compareTo(EXTERNAL_REVOKE_BOUND) > 0) {
      problems.add("consumers read the revoked token for " + window.toSeconds() + " s, bound "
          + EXTERNAL_REVOKE_BOUND.toSeconds() + " s");
    }
    boolean named = run.slot.events.starting.stream().anyMatch(s -> s.reason() == RotateReason.NOT_LISTED
        && s.servedTokenId().equals(Optional.of(run.first)) && !s.at().isBefore(revokedAt));
    if (!named) {
      problems.add("no rotation started with reason " + RotateReason.NOT_LISTED.label() + " replacing " + run.first
          + " (starts: " + startsSummary(run) + ")");
    }
    for (ProbeViolation v : run.slot.probe.figures().violations()) {
      if (v.kind() != ProbeViolation.Kind.SERVED_REVOKED || !v.tokenId().equals(run.first)
          || v.at().isBefore(span.get().from()) || v.at().isAfter(span.get().until().get())) {
        problems.add("violation outside the external-revocation window: " + v);
      }
    }
    return problems;
  }

  /** Ducklings refused: the rejection is reported, and token service ran on schedule regardless. */
  private static List<String> tokensServedDespiteRejectedDucklings(FaultCell.Run run) {
    List<String> problems = new ArrayList<>();
    List<CellEvents.Ducklings> rejected = run.slot.events.ducklings.stream()
        .filter(d -> d.status() == DucklingStatus.REJECTED).toList();
    run.note(rejected.size() + " REJECTED Duckling check(s) of " + run.slot.events.ducklings.size() + " reported, "
        + (run.world().md.calls(SET_DUCKLINGS) - run.mark) + " PUT(s) refused");
    if (rejected.isEmpty()) {
      problems.add("no ducklingsChecked event reported REJECTED (events: " + run.slot.events.ducklings.stream()
          .map(d -> d.status().name()).distinct().toList() + ")");
    } else if (rejected.stream().noneMatch(d -> d.failure().map(f -> f.getMessage() != null
        && f.getMessage().contains("flock_size")).orElse(false))) {
      problems.add("the rejection does not carry the server's reason (flock_size ...): "
          + rejected.get(0).failure().map(Throwable::getMessage).orElse("no failure"));
    }
    Instant due = run.t0.plus(Duration.ofMinutes(40));
    Optional<CellEvents.Stored> rotated = run.slot.events.stored.stream().filter(st -> st.at().isAfter(run.t0)).findFirst();
    if (rotated.isEmpty() || rotated.get().at().isAfter(due)) {
      problems.add("the rotation was not on schedule (due by " + clockTime(run, due) + "), stored "
          + rotated.map(st -> clockTime(run, st.at())).orElse("never"));
    } else {
      run.note("rotated at " + clockTime(run, rotated.get().at()));
    }
    return problems;
  }

  /** A failure after the store is retried on the urgent interval and converges. */
  private static List<String> retriedUrgentlyAfterStore(FaultCell.Run run) {
    List<String> problems = new ArrayList<>();
    Optional<CellEvents.Stored> stored = run.slot.events.stored.stream().filter(st -> st.at().isAfter(run.t0)).findFirst();
    if (stored.isEmpty()) {
      problems.add("nothing was stored after the first token");
      return problems;
    }
    Optional<CellEvents.Failed> failed = run.slot.events.failed.stream()
        .filter(f -> !f.at().isBefore(stored.get().at())).findFirst();
    if (failed.isEmpty()) {
      problems.add("no attempt failed after the store (the 503 on the completion write had no effect)");
      return problems;
    }
    Duration retryIn = Duration.between(failed.get().at(), failed.get().nextAttempt());
    long before = run.slot.events.failed.stream().filter(f -> f.at().isBefore(stored.get().at())).count();
    if (before < STREAK_BEFORE_STORE) {
      problems.add("only " + before + " failed attempt(s) before the store, expected a streak of " + STREAK_BEFORE_STORE);
    }
    run.note(before + " failed attempt(s) before the store, then failed after it (" + FailureReason.of(failed.get().cause()).label()
        + ", " + failed.get().consecutive() + " in a row): next attempt planned " + seconds(retryIn) + " later");
    System.out.println("fault matrix: " + run.slot.user() + " next attempt after the failed completion in "
        + retryIn.toMillis() + " ms");
    if (retryIn.compareTo(URGENT_INTERVAL) > 0) {
      problems.add("the next attempt after the failure behind the store was planned " + retryIn.toSeconds()
          + " s later, more than the urgent interval " + URGENT_INTERVAL.toSeconds() + " s");
    }
    if (!run.slot.servedHistory().contains(stored.get().tokenId())) {
      problems.add("the token stored before the failure is not in Vault's history");
    }
    return problems;
  }

  /** Every refused mint's failure names the server's status, message (and path), with the right reason. */
  private static List<String> reasonKept(FaultCell.Run run, int status, FailureReason reason, List<String> mustName,
      boolean ttlPath) {
    List<String> problems = new ArrayList<>();
    List<CellEvents.Failed> failed = run.slot.events.failed;
    if (failed.size() < 2) {
      problems.add("expected 2 failed attempts (one per refused create), saw " + failed.size());
    }
    for (CellEvents.Failed f : failed) {
      String message = String.valueOf(f.cause().getMessage());
      List<String> missing = new ArrayList<>();
      mustName.stream().filter(m -> !message.contains(m)).forEach(missing::add);
      if (!java.util.regex.Pattern.compile("\\b" + status + "\\b").matcher(message).find()) {
        missing.add("HTTP " + status);
      }
      if (ttlPath && !java.util.regex.Pattern.compile("\\bttl\\b").matcher(message).find()) {
        missing.add("the issue path ttl");
      }
      if (!missing.isEmpty()) {
        problems.add("the failure's message lacks " + missing + ": " + message);
      }
      if (FailureReason.of(f.cause()) != reason) {
        problems.add("FailureReason " + FailureReason.of(f.cause()).label() + ", expected " + reason.label());
      }
    }
    failed.stream().findFirst().ifPresent(f -> run.note("failure message: " + f.cause().getMessage()));
    return problems;
  }

  /** The last two failed attempts before {@code from} and the first three after it, each with its planned next attempt. */
  private static String attemptsAround(FaultCell.Run run, Instant from) {
    List<CellEvents.Failed> all = run.slot.events.failed;
    List<CellEvents.Failed> before = all.stream().filter(f -> f.at().isBefore(from)).toList();
    List<CellEvents.Failed> shown = new ArrayList<>(before.subList(Math.max(0, before.size() - 2), before.size()));
    all.stream().filter(f -> !f.at().isBefore(from)).limit(3).forEach(shown::add);
    return shown.stream().map(f -> clockTime(run, f.at()) + " failed (" + f.consecutive() + " in a row) -> next "
        + clockTime(run, f.nextAttempt())).toList().toString();
  }

  private static String startsSummary(FaultCell.Run run) {
    return run.slot.events.starting.stream().map(s -> clockTime(run, s.at()) + " " + s.reason().label()).toList().toString();
  }

  /** A duration as seconds with one decimal. */
  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** {@code at} as minutes:seconds since the cell's first token. */
  static String clockTime(FaultCell.Run run, Instant at) {
    long s = Duration.between(run.t0, at).toSeconds();
    return String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** The skew is set when the cell's engine is built; it counts as one fault. */
  private static long skewed(FaultCell.Run run, Duration elapsed) {
    return run.once("skew", elapsed, Duration.ZERO) ? 1 : 0;
  }

  private static FaultCell md(String name, String fault, String endpoint, Fault f, String expected) {
    return injected(name, "MotherDuck", fault, endpoint, f, expected, true);
  }

  private static FaultCell vault(String name, String fault, String endpoint, Fault f, String expected) {
    return injected(name, "Vault", fault, endpoint, f, expected, false);
  }

  private static FaultCell injected(String name, String area, String fault, String endpoint, Fault f, String expected,
      boolean motherDuck) {
    return new FaultCell(name, area, fault, expected, Duration.ZERO, false, (run, t) -> {
      if (run.once("inject", t, BEFORE_ROTATION)) {
        (motherDuck ? run.world().md.faults() : run.world().vault.faults()).add(endpoint, f);
      }
      return 0;
    });
  }

  /** Rewrites the state document as a new version (same content), so the engine's next CAS on it fails. */
  private static void bumpStateDocument(FaultCell.Run run) {
    String path = "md-rotator/state/" + run.slot.user() + "/rw";
    Optional<KvVersion> v = run.world().rootStore.readLatest(path);
    if (v.isEmpty()) {
      throw new IllegalStateException("no state document at " + path);
    }
    run.world().rootStore.writeCas(path, v.get().data(), v.get().version());
  }
}
