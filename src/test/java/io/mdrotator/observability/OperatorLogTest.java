package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.DucklingStatus;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.Liveness.State;
import io.mdrotator.rotation.RotationFailedException;
import io.mdrotator.emulator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorLogTest {
  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);
  private final CapturedLogs logs =
      new CapturedLogs(OperatorLog.class.getName(), LogFormat.TEXT, "%level %X{account}/%X{slot} %msg%n");
  private final OperatorLog log = new OperatorLog(logs.logger, clock);

  private List<ILoggingEvent> events() {
    return logs.events.list;
  }

  private ILoggingEvent last() {
    return events().get(events().size() - 1);
  }

  private static Liveness liveness(State state, String tokenId, Instant expiresAt) {
    return new Liveness(state, Optional.ofNullable(tokenId), Optional.ofNullable(expiresAt));
  }

  private void fail(Throwable cause, int inARow) {
    log.rotationFailed(Scenario.ETL, "r-3", cause, inARow, NOW.plusSeconds(5), Optional.empty());
  }

  @Test
  void aFailureWhileTheTokenIsLiveIsAWarningWithStepReasonCountNextAttemptAndCauseChain() {
    log.servedTokenLiveness(Scenario.ETL, liveness(State.RENEWING, "tok-1", NOW.plusSeconds(120)));
    fail(Causes.mintForbidden(Scenario.ETL, "r-3"), 3);
    assertThat(events()).hasSize(1);
    assertThat(last().getLevel()).isEqualTo(Level.WARN);
    assertThat(last().getFormattedMessage()).isEqualTo("rotation of slot svc_etl/primary failed at mint"
        + " (reason motherduck_forbidden, 3 in a row, next attempt at 2026-11-28T02:00:05Z):"
        + " RotationFailedException: rotation r-3 of slot svc_etl/primary failed at mint: create-token rejected"
        + " (cause: MotherDuck createToken for 'svc_etl' failed: HTTP 403 FORBIDDEN: " + Causes.FORBIDDEN + ")");
    assertThat(logs.text()).startsWith("WARN svc_etl/primary rotation of slot");
    assertThat(last().getMDCPropertyMap()).containsEntry("rotation_id", "r-3");
  }

  @Test
  void aFailureWhileTheSlotServesNoLiveTokenIsAnError() {
    log.servedTokenLiveness(Scenario.ETL, liveness(State.EXPIRED, "tok-1", NOW.minusSeconds(30)));
    fail(Causes.mintTtlRejected(Scenario.ETL, "r-3"), 1);
    assertThat(events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.ERROR);
    assertThat(last().getFormattedMessage())
        .startsWith("rotation of slot svc_etl/primary failed at mint (reason motherduck_rejected, 1 in a row,"
            + " next attempt at 2026-11-28T02:00:05Z, served token expired): ")
        .contains("HTTP 400 BAD_REQUEST").contains(Causes.TTL_ISSUE);
  }

  @Test
  void unknownLivenessKeepsTheLastKnownOne() {
    log.servedTokenLiveness(Scenario.ETL, liveness(State.LIVE, "tok-1", NOW.plusSeconds(600)));
    log.servedTokenLiveness(Scenario.ETL, Liveness.UNKNOWN);
    fail(Causes.storeSealed(Scenario.ETL, "r-3"), 1);
    assertThat(events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
    log.servedTokenLiveness(Scenario.ETL, liveness(State.REVOKED, "tok-1", NOW.plusSeconds(600)));
    log.servedTokenLiveness(Scenario.ETL, Liveness.UNKNOWN.unknownAfterChange());
    fail(Causes.storeSealed(Scenario.ETL, "r-3"), 2);
    assertThat(events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.ERROR, Level.ERROR);
  }

  @Test
  void aFailureBeforeAnyLivenessIsAWarningAndAFailureWithoutStepSaysSo() {
    fail(new IllegalStateException("boom"), 1);
    assertThat(last().getLevel()).isEqualTo(Level.WARN);
    assertThat(last().getFormattedMessage()).isEqualTo("rotation of slot svc_etl/primary failed (reason internal,"
        + " 1 in a row, next attempt at 2026-11-28T02:00:05Z): IllegalStateException: boom");
  }

  @Test
  void losingAndRegainingALiveTokenAreLoggedOnceWithHowLongItLasted() {
    log.servedTokenLiveness(Scenario.ETL, liveness(State.LIVE, "tok-1", NOW.plusSeconds(60)));
    log.servedTokenLiveness(Scenario.ETL, liveness(State.RENEWING, "tok-1", NOW.plusSeconds(60)));
    assertThat(events()).isEmpty();
    clock.advance(Duration.ofSeconds(90)); // the token expired 30 s ago
    log.servedTokenLiveness(Scenario.ETL, liveness(State.EXPIRED, "tok-1", NOW.plusSeconds(60)));
    assertThat(last().getLevel()).isEqualTo(Level.ERROR);
    assertThat(last().getFormattedMessage()).isEqualTo("slot svc_etl/primary serves no live token"
        + " (expired: token_id=tok-1, expired at 2026-11-28T02:01:00Z)");
    clock.advance(Duration.ofMinutes(7));
    log.servedTokenLiveness(Scenario.ETL, liveness(State.MISSING, null, NOW.plusSeconds(60)));
    log.servedTokenLiveness(Scenario.ETL, Liveness.UNKNOWN);
    assertThat(events()).hasSize(1);
    clock.advance(Duration.ofSeconds(17));
    log.servedTokenLiveness(Scenario.ETL, liveness(State.LIVE, "tok-2", NOW.plus(Duration.ofDays(1))));
    assertThat(events()).hasSize(2);
    assertThat(last().getLevel()).isEqualTo(Level.INFO);
    assertThat(last().getFormattedMessage())
        .isEqualTo("slot svc_etl/primary serves a live token (token_id=tok-2) after 7m 47s without one");
    assertThat(last().getMDCPropertyMap()).containsEntry("account", "svc_etl").containsEntry("slot", "primary");
  }

  @Test
  void aSlotFirstSeenWithoutALiveTokenIsAWarningOrForANewSlotInfo() {
    log.servedTokenLiveness(Scenario.BI, liveness(State.LIVE, "tok-b", NOW.plusSeconds(600)));
    assertThat(events()).isEmpty();
    log.servedTokenLiveness(Scenario.ETL, liveness(State.MISSING, null, null));
    assertThat(last().getLevel()).isEqualTo(Level.INFO);
    assertThat(last().getFormattedMessage()).isEqualTo("slot svc_etl/primary serves no live token (missing: nothing served)");
    clock.advance(Duration.ofSeconds(3));
    log.servedTokenLiveness(Scenario.ETL, liveness(State.LIVE, "tok-e", NOW.plusSeconds(600)));
    assertThat(last().getLevel()).isEqualTo(Level.INFO);
    assertThat(last().getFormattedMessage())
        .isEqualTo("slot svc_etl/primary serves a live token (token_id=tok-e) after 3s without one");
    SlotId restarted = new SlotId("svc_etl", "secondary");
    log.servedTokenLiveness(restarted, liveness(State.EXPIRED, "tok-x", NOW.minusSeconds(60)));
    assertThat(last().getLevel()).isEqualTo(Level.WARN);
    assertThat(last().getFormattedMessage()).isEqualTo("slot svc_etl/secondary serves no live token"
        + " (expired: token_id=tok-x, expired at 2026-11-28T01:59:00Z)");
    assertThat(events()).hasSize(3);
  }

  @Test
  void aForgottenSlotStartsOver() {
    log.servedTokenLiveness(Scenario.ETL, liveness(State.REVOKED, "tok-1", NOW.plusSeconds(600)));
    log.slotForgotten(Scenario.ETL);
    log.servedTokenLiveness(Scenario.ETL, liveness(State.LIVE, "tok-2", NOW.plusSeconds(600))); // no "again"
    log.servedTokenLiveness(Scenario.ETL, liveness(State.EXPIRED, "tok-2", NOW.plusSeconds(600)));
    log.slotForgotten(Scenario.ETL);
    fail(new IllegalStateException("boom"), 1); // not known to be dead any more: WARN
    assertThat(events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.ERROR, Level.WARN);
    assertThat(events().get(0).getFormattedMessage()).endsWith("(revoked: token_id=tok-1, expires at 2026-11-28T02:10:00Z)");
    assertThat(events().get(1).getFormattedMessage()).endsWith("(expired: token_id=tok-2, expired at 2026-11-28T02:10:00Z)");
  }

  @Test
  void aLostServedTokenIsAWarning() {
    log.servedTokenLost(Scenario.ETL, "tok-1", State.REVOKED);
    assertThat(last().getLevel()).isEqualTo(Level.WARN);
    assertThat(last().getFormattedMessage()).isEqualTo(
        "slot svc_etl/primary: served token token_id=tok-1 is revoked (served_token_revoked_externally); rotating now");
  }

  @Test
  void ducklingRejectionsAndFailuresAreWarningsWithTheirCause() {
    RuntimeException rejected = new MotherDuckApiException("setDucklings", "svc_bi", 400, "BAD_REQUEST",
        "flock size 64 above the organization's limit of 16", List.of(), null);
    log.ducklingsChecked("svc_bi", DucklingStatus.IN_SYNC, Optional.empty(), Optional.empty());
    log.ducklingsChecked("svc_bi", DucklingStatus.REJECTED, Optional.of(rejected), Optional.of(NOW.plusSeconds(300)));
    log.ducklingsChecked("svc_bi", DucklingStatus.FAILED, Optional.of(new MotherDuckApiException("getDucklings",
        "svc_bi", 503, null, "Service Unavailable", List.of(), null)), Optional.of(NOW.plusSeconds(600)));
    log.ducklingsChecked("svc_bi", DucklingStatus.UPDATED, Optional.empty(), Optional.empty());
    assertThat(events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN, Level.INFO);
    assertThat(events().get(0).getFormattedMessage()).isEqualTo("Duckling configuration of account svc_bi rejected"
        + " by MotherDuck (reason motherduck_rejected, next attempt at 2026-11-28T02:05:00Z); the account's tokens are"
        + " served regardless: MotherDuckApiException: MotherDuck setDucklings for 'svc_bi' failed: HTTP 400"
        + " BAD_REQUEST: flock size 64 above the organization's limit of 16");
    assertThat(events().get(1).getFormattedMessage())
        .startsWith("Duckling configuration of account svc_bi could not be checked or applied (reason"
            + " motherduck_unavailable, next attempt at 2026-11-28T02:10:00Z): ")
        .endsWith("HTTP 503: Service Unavailable");
    assertThat(events().get(2).getFormattedMessage())
        .isEqualTo("Duckling configuration of account svc_bi updated to match the policy");
  }

  @Test
  void aRecoverySweepIsInfo() {
    log.recoverySweep("motherduck", 3);
    assertThat(last().getLevel()).isEqualTo(Level.INFO);
    assertThat(last().getFormattedMessage()).isEqualTo("motherduck answers again: running 3 failing or at-risk slots now");
  }

  @Test
  void noSecretReachesTheLogEvenBeforeTheEncoderMasks() {
    String jwt = MaskingEncodersTest.JWT;
    RuntimeException leaky = new IllegalStateException("reply had token=" + jwt,
        new RuntimeException("and Bearer " + MaskingEncodersTest.VAULT));
    log.servedTokenLiveness(Scenario.ETL, liveness(State.EXPIRED, "tok-1", NOW));
    fail(new RotationFailedException(Scenario.ETL, "r-3", "verify", "read-back differs", leaky), 1);
    log.ducklingsChecked("svc_etl", DucklingStatus.REJECTED, Optional.of(leaky), Optional.empty());
    String raw = String.join("\n", events().stream().map(ILoggingEvent::getFormattedMessage).toList());
    assertThat(raw).contains("token=****").contains("Bearer ****");
    LeakCanary.watching(jwt, MaskingEncodersTest.VAULT).assertNoLeak("operator log", raw);
    LeakCanary.watching(jwt, MaskingEncodersTest.VAULT).assertNoLeak("operator log output", logs.text());
  }

  /** The masking encoder takes "token: x" and "token=x" for credentials: no line may contain them. */
  @Test
  void everyLineSurvivesTheMaskingEncoderUnchanged() {
    log.servedTokenLiveness(Scenario.ETL, liveness(State.LIVE, "tok-1", NOW.plusSeconds(60)));
    for (State s : List.of(State.EXPIRED, State.LIVE, State.REVOKED, State.RENEWING, State.MISSING)) {
      log.servedTokenLiveness(Scenario.ETL, liveness(s, s == State.MISSING ? null : "tok-1", NOW.plusSeconds(60)));
      fail(Causes.storeSealed(Scenario.ETL, "r-3"), 1);
    }
    log.servedTokenLiveness(Scenario.BI, liveness(State.EXPIRED, "tok-2", NOW.minusSeconds(60)));
    log.servedTokenLost(Scenario.ETL, "tok-1", State.EXPIRED);
    log.ducklingsChecked("svc_bi", DucklingStatus.REJECTED, Optional.of(new IllegalStateException("no")), Optional.empty());
    log.ducklingsChecked("svc_bi", DucklingStatus.UPDATED, Optional.empty(), Optional.empty());
    log.recoverySweep("vault", 2);
    List<String> expected = events().stream().map(e -> e.getLevel() + " " + e.getMDCPropertyMap().getOrDefault("account", "")
        + "/" + e.getMDCPropertyMap().getOrDefault("slot", "") + " " + e.getFormattedMessage()).toList();
    assertThat(expected).hasSize(15);
    assertThat(logs.text().lines().toList()).containsExactlyElementsOf(expected);
    assertThat(logs.text()).doesNotContain(SecretMasker.MASK);
  }

  @Test
  void humanDurations() {
    assertThat(OperatorLog.human(Duration.ofMillis(900))).isEqualTo("0s");
    assertThat(OperatorLog.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(OperatorLog.human(Duration.ofSeconds(467))).isEqualTo("7m 47s");
    assertThat(OperatorLog.human(Duration.ofSeconds(7203))).isEqualTo("2h 0m 3s");
    assertThat(OperatorLog.human(Duration.ofSeconds(-5))).isEqualTo("0s");
  }
}
