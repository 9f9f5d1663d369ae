package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

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
}
