package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Realistic event sequences for metrics, audit and end-to-end tests. */
final class Scenario {
  static final SlotId ETL = new SlotId("svc_etl", "primary");
  static final SlotId BI = new SlotId("svc_bi", "reader");
  static final List<SlotKey> SLOTS = List.of(new SlotKey(ETL, "read_write"), new SlotKey(BI, "read_scaling"));

  private Scenario() {}

  /** Start-up observation (both slots live, Ducklings in sync), one full rotation of ETL with a revocation, API timings. */
  static void healthy(RotationMetrics m, RotationListener l, Instant now) {
    m.registerSlots(SLOTS);
    m.policyReloadSucceeded(SLOTS.size());
    m.heartbeat(now);
    m.clockSkew("motherduck", Duration.ofMillis(120));
    m.clockSkew("vault", Duration.ofMillis(-40));
    m.vaultTokenExpirySource(() -> Optional.of(now.plus(Duration.ofHours(20))));
    l.slotObserved(ETL, "read_write", Optional.of(now.plus(Duration.ofDays(2))),
        Optional.of(now.minusSeconds(5)), 1, 0);
    l.servedTokenLiveness(ETL, live(Liveness.State.RENEWING, "tok-old-1", now.plus(Duration.ofDays(2))));
    l.slotObserved(BI, "read_scaling", Optional.of(now.plus(Duration.ofDays(20))),
        Optional.of(now.plus(Duration.ofDays(10))), 1, 0);
    l.servedTokenLiveness(BI, live(Liveness.State.LIVE, "tok-bi-1", now.plus(Duration.ofDays(20))));
    l.ducklingsChecked(BI.username(), DucklingStatus.IN_SYNC, Optional.empty(), Optional.empty());
    rotateEtl(m, l, now, "r-0001", "tok-new-1", "tok-old-1");
  }

  static void rotateEtl(RotationMetrics m, RotationListener l, Instant now, String rid, String newId, String oldId) {
    l.intentRecorded(ETL, rid, now);
    m.completed("vault", "write_intent", "success", Duration.ofMillis(12));
    l.minted(ETL, rid, newId, Optional.of(now.plus(Duration.ofDays(30))));
    m.completed("motherduck", "create_token", "success", Duration.ofMillis(340));
    l.stored(ETL, rid, newId, 7);
    m.completed("vault", "write_token", "success", Duration.ofMillis(15));
    l.verified(ETL, rid, newId);
    m.completed("motherduck", "list_tokens", "success", Duration.ofMillis(90));
    l.superseded(ETL, rid, oldId, now.plus(Duration.ofHours(1)));
    l.rotationSucceeded(ETL, rid, Duration.ofMillis(900));
    l.slotObserved(ETL, "read_write", Optional.of(now.plus(Duration.ofDays(30))),
        Optional.of(now.plus(Duration.ofDays(20))), 2, 0);
    l.revoked(ETL, oldId, RevocationReason.SUPERSEDED, true);
    m.completed("motherduck", "delete_token", "success", Duration.ofMillis(70));
    l.slotObserved(ETL, "read_write", Optional.of(now.plus(Duration.ofDays(30))),
        Optional.of(now.plus(Duration.ofDays(20))), 1, 0);
  }

  /** A failing attempt on BI: MotherDuck answers 503 to create-token; the served token is still live. */
  static void failBi(RotationMetrics m, RotationListener l, Instant now, int attempt) {
    l.intentRecorded(BI, "r-f" + attempt, now);
    m.completed("motherduck", "create_token", "server_error", Duration.ofMillis(30));
    l.servedTokenLiveness(BI, live(Liveness.State.RENEWING, "tok-bi-1", now.plus(Duration.ofDays(20))));
    l.rotationFailed(BI, "r-f" + attempt, Causes.mintUnavailable(BI, "r-f" + attempt), attempt,
        now.plusSeconds(30), Optional.of(now.plus(Duration.ofDays(20))));
  }

  static Liveness live(Liveness.State state, String tokenId, Instant expiresAt) {
    return new Liveness(state, Optional.of(tokenId), Optional.of(expiresAt));
  }
}
