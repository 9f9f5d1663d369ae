package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.PlannedAction.RotateReason;
import io.mdrotator.rotation.RotationFailedException;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuditLogTest {
  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final CapturedLogs logs = new CapturedLogs(AuditLog.LOGGER_NAME, LogFormat.TEXT, "%msg%n");
  private final AuditLog audit = new AuditLog(logs.logger, Clock.fixed(NOW, ZoneOffset.UTC));

  private List<JsonNode> events() {
    return Arrays.stream(logs.text().split("\n")).map(JSON::readTree).toList();
  }

  @Test
  void oneJsonEventPerStateChangeWithIdsAndTimes() {
    Scenario.rotateEtl(RotationMetrics.create(Clock.systemUTC(), "t"), audit, NOW, "r-1", "tok-new", "tok-old");
    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.get("event").asString()).containsExactly(
        "intent_recorded", "minted", "stored", "verified", "superseded", "rotation_succeeded", "revoked");
    JsonNode minted = events.get(1);
    assertThat(minted.get("ts").asString()).isEqualTo("2026-11-28T02:00:00Z");
    assertThat(minted.get("account").asString()).isEqualTo("svc_etl");
    assertThat(minted.get("slot").asString()).isEqualTo("primary");
    assertThat(minted.get("rotation_id").asString()).isEqualTo("r-1");
    assertThat(minted.get("token_id").asString()).isEqualTo("tok-new");
    assertThat(minted.get("expires_at").asString()).isEqualTo("2026-12-28T02:00:00Z");
    assertThat(events.get(2).get("vault_version").asLong()).isEqualTo(7);
    assertThat(events.get(4).get("token_id").asString()).isEqualTo("tok-old");
    assertThat(events.get(4).get("revoke_at").asString()).isEqualTo("2026-11-28T03:00:00Z");
    assertThat(events.get(6).get("reason").asString()).isEqualTo("superseded");
  }

  @Test
  void failuresOrphansAndCasLossAreAuditedWithoutSecrets() {
    String jwt = MaskingEncodersTest.JWT;
    audit.rotationFailed(Scenario.BI, "r-2", new IllegalStateException("response had token=" + jwt), 3,
        NOW.plusSeconds(60), Optional.of(NOW.plus(Duration.ofDays(1))));
    audit.revoked(Scenario.BI, "tok-orphan", RevocationReason.ORPHAN, true);
    audit.revoked(Scenario.BI, "tok-x", RevocationReason.COMPROMISE, false);
    audit.casLost(Scenario.BI, "r-3", "tok-lost");
    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.get("event").asString())
        .containsExactly("rotation_failed", "orphan_revoked", "revocation_failed", "cas_lost");
    assertThat(events.get(0).get("error").asString()).isEqualTo("IllegalStateException: response had token=****");
    assertThat(events.get(0).get("reason").asString()).isEqualTo("internal");
    assertThat(events.get(0).get("step").isNull()).isTrue();
    assertThat(events.get(0).get("consecutive_failures").asInt()).isEqualTo(3);
    assertThat(events.get(0).get("deadline").asString()).isEqualTo("2026-11-29T02:00:00Z");
    assertThat(events.get(2).get("reason").asString()).isEqualTo("compromise");
    LeakCanary.watching(jwt).assertNoLeak("audit", logs.text());
  }

  @Test
  void jsonConsoleEmbedsAuditEventAsObject() {
    CapturedLogs json = new CapturedLogs(AuditLog.LOGGER_NAME, LogFormat.JSON, null);
    new AuditLog(json.logger, Clock.fixed(NOW, ZoneOffset.UTC)).verified(Scenario.ETL, "r-5", "tok-5");
    JsonNode line = JSON.readTree(json.text());
    assertThat(line.get("audit").get("event").asString()).isEqualTo("verified");
    assertThat(line.get("audit").get("token_id").asString()).isEqualTo("tok-5");
    assertThat(line.has("message")).isFalse();
  }

  @Test
  void rotationFailedKeepsTheServersReasonFromTheCauseChain() {
    audit.rotationFailed(Scenario.BI, "r-7", Causes.mintForbidden(Scenario.BI, "r-7"), 1, NOW.plusSeconds(5),
        Optional.empty());
    audit.rotationFailed(Scenario.BI, "r-8", Causes.mintTtlRejected(Scenario.BI, "r-8"), 2, NOW.plusSeconds(10),
        Optional.empty());
    List<JsonNode> events = events();
    JsonNode forbidden = events.get(0);
    assertThat(forbidden.get("reason").asString()).isEqualTo("motherduck_forbidden");
    assertThat(forbidden.get("step").asString()).isEqualTo("mint");
    assertThat(forbidden.get("error").asString()).isEqualTo(
        "RotationFailedException: rotation r-7 of slot svc_bi/reader failed at mint: create-token rejected"
            + " (cause: MotherDuck createToken for 'svc_bi' failed: HTTP 403 FORBIDDEN: " + Causes.FORBIDDEN + ")");
    JsonNode ttl = events.get(1);
    assertThat(ttl.get("reason").asString()).isEqualTo("motherduck_rejected");
    assertThat(ttl.get("error").asString())
        .contains("failed at mint").contains("HTTP 400 BAD_REQUEST").contains("(" + Causes.TTL_ISSUE + ")");
    assertThat(ttl.get("next_attempt").asString()).isEqualTo("2026-11-28T02:00:10Z");
  }

  @Test
  void secretsInAChainedCauseAreMasked() {
    String jwt = MaskingEncodersTest.JWT;
    RuntimeException cause = new IllegalStateException("unexpected reply",
        new RuntimeException("reply body {\"token\":\"" + jwt + "\"}"));
    audit.rotationFailed(Scenario.ETL, "r-9",
        new RotationFailedException(Scenario.ETL, "r-9", "verify", "read-back differs", cause), 1, NOW,
        Optional.empty());
    String error = events().get(0).get("error").asString();
    assertThat(error).contains("failed at verify: read-back differs (cause: unexpected reply)")
        .endsWith("; caused by RuntimeException: reply body {\"token\":\"****\"}");
    LeakCanary.watching(jwt).assertNoLeak("audit", logs.text());
  }

  @Test
  void rotationStartedNamesWhyAndTheTokenItReplaces() {
    audit.rotationStarting(Scenario.ETL, RotateReason.NOT_LISTED, Optional.of("tok-gone"));
    audit.rotationStarting(Scenario.BI, RotateReason.MISSING_IN_VAULT, Optional.empty());
    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.get("event").asString()).containsOnly("rotation_started");
    assertThat(events.get(0).get("reason").asString()).isEqualTo("served_token_revoked_externally");
    assertThat(events.get(0).get("replaces_token_id").asString()).isEqualTo("tok-gone");
    assertThat(events.get(0).get("slot").asString()).isEqualTo("primary");
    assertThat(events.get(1).get("reason").asString()).isEqualTo("served_token_missing_in_vault");
    assertThat(events.get(1).get("replaces_token_id").isNull()).isTrue();
  }

  @Test
  void servedTokenLostNamesTheCause() {
    audit.servedTokenLost(Scenario.ETL, "tok-1", Liveness.State.REVOKED);
    audit.servedTokenLost(Scenario.BI, "tok-2", Liveness.State.EXPIRED);
    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.get("event").asString()).containsOnly("served_token_lost");
    assertThat(events).extracting(e -> e.get("cause").asString())
        .containsExactly("served_token_revoked_externally", "served_token_expired");
    assertThat(events).extracting(e -> e.get("token_id").asString()).containsExactly("tok-1", "tok-2");
    assertThat(events.get(1).get("account").asString()).isEqualTo("svc_bi");
  }

  @Test
  void ducklingOutcomesAreAccountEventsWithTheMaskedError() {
    RuntimeException rejected = new io.mdrotator.port.MotherDuckApiException("setDucklings", "svc_bi", 400,
        "BAD_REQUEST", "flock size above the organization's limit; token=" + MaskingEncodersTest.JWT,
        List.of(), null);
    audit.ducklingsChecked("svc_bi", DucklingStatus.IN_SYNC, Optional.empty(), Optional.empty());
    audit.ducklingsChecked("svc_bi", DucklingStatus.REJECTED, Optional.of(rejected), Optional.of(NOW.plusSeconds(300)));
    audit.ducklingsChecked("svc_bi", DucklingStatus.FAILED,
        Optional.of(new io.mdrotator.port.MotherDuckIoException("setDucklings", "svc_bi", "connection reset", true,
            null)), Optional.of(NOW.plusSeconds(600)));
    audit.ducklingsChecked("svc_bi", DucklingStatus.UPDATED, Optional.empty(), Optional.empty());
    List<JsonNode> events = events();
    assertThat(events).extracting(e -> e.get("event").asString())
        .containsExactly("ducklings_rejected", "ducklings_failed", "ducklings_updated");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.get("account").asString()).isEqualTo("svc_bi");
      assertThat(e.get("slot").isNull()).isTrue();
    });
    JsonNode rejectedEvent = events.get(0);
    assertThat(rejectedEvent.get("error").asString())
        .isEqualTo("MotherDuckApiException: MotherDuck setDucklings for 'svc_bi' failed: HTTP 400 BAD_REQUEST: "
            + "flock size above the organization's limit; token=****");
    assertThat(rejectedEvent.get("reason").asString()).isEqualTo("motherduck_rejected");
    assertThat(rejectedEvent.get("next_attempt").asString()).isEqualTo("2026-11-28T02:05:00Z");
    assertThat(events.get(1).get("reason").asString()).isEqualTo("motherduck_io");
    assertThat(events.get(1).get("error").asString()).contains("connection reset");
    LeakCanary.watching(MaskingEncodersTest.JWT).assertNoLeak("audit", logs.text());
  }

  @Test
  void recoverySweepIsADaemonEvent() {
    audit.recoverySweep("vault", 4);
    JsonNode e = events().get(0);
    assertThat(e.get("event").asString()).isEqualTo("recovery_sweep");
    assertThat(e.get("backend").asString()).isEqualTo("vault");
    assertThat(e.get("slots").asInt()).isEqualTo(4);
    assertThat(e.get("account").isNull()).isTrue();
    assertThat(e.get("slot").isNull()).isTrue();
  }
}
