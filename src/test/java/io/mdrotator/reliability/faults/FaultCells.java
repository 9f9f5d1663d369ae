package io.mdrotator.reliability.faults;

import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.CREATE_TOKEN;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.LIST_TOKENS;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.REVOKE_TOKEN;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.FaultInjector;
import io.mdrotator.secret.Secret;
import io.mdrotator.vault.KvVersion;
import java.time.Duration;
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
