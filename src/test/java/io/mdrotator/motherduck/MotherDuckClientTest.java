package io.mdrotator.motherduck;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.policy.TokenType;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckAuthException;
import io.mdrotator.port.MotherDuckIssue;
import io.mdrotator.port.MotherDuckMalformedResponseException;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.port.TokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.policy.DucklingConfig.InstanceSize;
import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MotherDuckClientTest {
  static final Secret ADMIN = Secret.of("admin-token-for-client-tests");
  MotherDuckEmulator emu;
  RecordingListener listener = new RecordingListener();
  MotherDuckClient client;

  @BeforeEach
  void start() {
    emu = MotherDuckEmulator.start(EmulatorOptions.builder(ADMIN).accounts(List.of("svc")).build());
    client = builder().build();
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  MotherDuckClient.Builder builder() {
    return MotherDuckClient.builder()
        .baseUrl(emu.baseUri())
        .adminToken(ADMIN)
        .requestsPerSecond(0)
        .requestTimeout(Duration.ofSeconds(3))
        .maxRetries(3)
        .maxRetryTime(Duration.ofSeconds(5))
        .backoff(Duration.ofMillis(5), Duration.ofMillis(40))
        .listener(listener);
  }

  static TokenRequest req(String name) {
    return TokenRequest.of(name, Duration.ofSeconds(300), TokenType.READ_WRITE);
  }

  @Test
  void everyOperationRoundTrips() {
    assertThat(client.createServiceAccount("new_sa")).isEqualTo("new_sa");
    assertThat(client.getDucklings("new_sa").readScaling().flockSize()).isEqualTo(4);
    DucklingConfig desired = new DucklingConfig(
        new DucklingConfig.ReadWrite(InstanceSize.JUMBO, Optional.of(120)),
        new DucklingConfig.ReadScaling(InstanceSize.PULSE, 2, Optional.of(90)));
    DucklingConfig set = client.setDucklings("new_sa", desired);
    assertThat(set.readWrite()).isEqualTo(desired.readWrite());
    assertThat(set.readScaling()).isEqualTo(new DucklingConfig.ReadScaling(InstanceSize.PULSE, 2, Optional.empty()));
    assertThat(emu.ducklings("new_sa")).isEqualTo(set);

    IssuedToken issued = client.createToken("new_sa", req("rotated-1"));
    IssuedToken forever = client.createToken("new_sa", new TokenRequest("forever", Optional.empty(), TokenType.READ_SCALING));
    assertThat(emu.issuedSecrets()).containsExactly(issued.secret().reveal(), forever.secret().reveal());
    assertThat(issued.info().expiresAt()).contains(issued.info().createdAt().plusSeconds(300));
    assertThat(forever.info().expiresAt()).isEmpty();
    assertThat(forever.info().readOnly()).isTrue();
    assertThat(client.listTokens("new_sa")).containsExactlyInAnyOrder(issued.info(), forever.info());

    client.revokeToken("new_sa", issued.info().id());
    assertThat(emu.isTokenLive(issued.info().id())).isFalse();
    client.deleteServiceAccount("new_sa");
    assertThat(emu.accountExists("new_sa")).isFalse();
    assertThat(emu.isTokenLive(forever.info().id())).isFalse();
    assertThat(listener.calls).first().isEqualTo("motherduck createServiceAccount success");
    assertThat(listener.calls).contains("motherduck setDucklings success", "motherduck deleteServiceAccount success");
  }

  @Test
  void setDucklingsReturnsTheServersNormalizedConfig() {
    DucklingConfig desired = new DucklingConfig(
        new DucklingConfig.ReadWrite(InstanceSize.MEGA, Optional.empty()),
        new DucklingConfig.ReadScaling(InstanceSize.JUMBO, 8, Optional.empty()));
    DucklingConfig set = client.setDucklings("svc", desired);
    assertThat(set).isEqualTo(new DucklingConfig(
        new DucklingConfig.ReadWrite(InstanceSize.MEGA, Optional.of(300)),
        new DucklingConfig.ReadScaling(InstanceSize.JUMBO, 8, Optional.of(60))));
    assertThat(client.getDucklings("svc")).isEqualTo(set);
    assertThat(emu.calls(MotherDuckEmulator.GET_DUCKLINGS, "svc")).isEqualTo(1); // the PUT reply was complete
  }

  @Test
  void aPutReplyWithoutTheCooldownIsReadBack() {
    emu.rewriteReplies(MotherDuckEmulator.SET_DUCKLINGS, "svc", b -> b.replace(",\"cooldown_seconds\":120", ""), 1);
    DucklingConfig desired = new DucklingConfig(
        new DucklingConfig.ReadWrite(InstanceSize.STANDARD, Optional.of(120)),
        new DucklingConfig.ReadScaling(InstanceSize.STANDARD, 4, Optional.empty()));
    DucklingConfig set = client.setDucklings("svc", desired);
    assertThat(set.readWrite().cooldownSeconds()).contains(120);
    assertThat(set.readScaling().cooldownSeconds()).contains(60);
    assertThat(emu.calls(MotherDuckEmulator.SET_DUCKLINGS, "svc")).isEqualTo(1);
    assertThat(emu.calls(MotherDuckEmulator.GET_DUCKLINGS, "svc")).isEqualTo(1);
  }

  @Test
  void authErrorsAreTypedWithStatusAndCode() {
    MotherDuckClient wrong = builder().adminToken(Secret.of("not-the-admin")).build();
    MotherDuckAuthException e401 = catchThrowableOfType(() -> wrong.listTokens("svc"), MotherDuckAuthException.class);
    assertThat(e401.status()).isEqualTo(401);
    assertThat(e401.code()).contains("UNAUTHORIZED");
    assertThat(e401.operation()).isEqualTo("listTokens");
    assertThat(e401.username()).contains("svc");

    IssuedToken sa = client.createToken("svc", req("t"));
    MotherDuckClient nonAdmin = builder().adminToken(sa.secret()).build();
    MotherDuckAuthException e403 = catchThrowableOfType(() -> nonAdmin.getDucklings("svc"), MotherDuckAuthException.class);
    assertThat(e403.status()).isEqualTo(403);
    assertThat(e403.issues()).containsExactly("minimum role org_admin is required");
    assertThat(e403.getMessage()).contains("getDucklings", "'svc'", "403", "FORBIDDEN", "minimum role");
  }

  @Test
  void tokenForAHumanMemberKeepsTheServersReason() {
    emu.addMember("alice");
    MotherDuckAuthException e = catchThrowableOfType(() -> client.createToken("alice", req("t")), MotherDuckAuthException.class);
    assertThat(e).isNotInstanceOf(TokenOutcomeUnknownException.class);
    assertThat(e.getMessage()).isEqualTo("MotherDuck createToken for 'alice' failed: HTTP 403 FORBIDDEN: "
        + "admins cannot create tokens for other members; only for service accounts");
    assertThat(e.isTransient()).isFalse();
    assertThat(emu.calls(MotherDuckEmulator.CREATE_TOKEN)).isEqualTo(1);
  }

  @Test
  void notFoundOnlyForJsonNotFound() {
    assertThatThrownBy(() -> client.listTokens("ghost")).isInstanceOf(MotherDuckNotFoundException.class);
    assertThatThrownBy(() -> client.revokeToken("svc", "3fa85f64-5717-4562-b3fc-2c963f66afa6"))
        .isInstanceOf(MotherDuckNotFoundException.class);
    assertThatThrownBy(() -> client.deleteServiceAccount("ghost")).isInstanceOf(MotherDuckNotFoundException.class);
    emu.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.status(404).times(1));
    MotherDuckApiException routing = catchThrowableOfType(() -> client.listTokens("svc"), MotherDuckApiException.class);
    assertThat(routing).isNotInstanceOf(MotherDuckNotFoundException.class);
    assertThat(routing.status()).isEqualTo(404);
    assertThat(routing.code()).isEmpty();
    assertThat(routing.getMessage()).contains("no such route", "GET /v1/users/{username}/tokens");
  }

  @Test
  void validationErrorCarriesCodeMessageAndIssues() {
    MotherDuckApiException e = catchThrowableOfType(() -> client.createServiceAccount("9lives"), MotherDuckApiException.class);
    assertThat(e.getClass()).isEqualTo(MotherDuckApiException.class);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).contains("BAD_REQUEST");
    assertThat(e.issues()).containsExactly("Username must start with an alphabetic character");
    assertThat(e.isTransient()).isFalse();
    MotherDuckApiException ttl = catchThrowableOfType(
        () -> client.createToken("svc", TokenRequest.of("x", Duration.ofSeconds(10), TokenType.READ_WRITE)),
        MotherDuckApiException.class);
    assertThat(ttl).isNotInstanceOf(TokenOutcomeUnknownException.class);
    assertThat(ttl.status()).isEqualTo(400);
    assertThat(ttl.getMessage()).isEqualTo("MotherDuck createToken for 'svc' failed: HTTP 400 BAD_REQUEST: "
        + "Number must be greater than or equal to 300 (ttl: Number must be greater than or equal to 300)");
    assertThat(ttl.issueDetails()).extracting(MotherDuckIssue::path).containsExactly(List.of("ttl"));
    assertThat(emu.liveTokens("svc")).isEmpty();
  }

  @Test
  void serverErrorOnIdempotentCallIsRetriedUntilExhausted() {
    emu.faults().add(MotherDuckEmulator.GET_DUCKLINGS, Fault.status(503).times(2));
    assertThat(client.getDucklings("svc").readWrite().instanceSize()).isEqualTo(InstanceSize.STANDARD);
    assertThat(emu.calls(MotherDuckEmulator.GET_DUCKLINGS)).isEqualTo(3);
    assertThat(listener.calls).containsExactly(
        "motherduck getDucklings server_error", "motherduck getDucklings server_error", "motherduck getDucklings success");

    emu.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.status(502));
    MotherDuckApiException e = catchThrowableOfType(() -> client.listTokens("svc"), MotherDuckApiException.class);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.isTransient()).isTrue();
    assertThat(emu.calls(MotherDuckEmulator.LIST_TOKENS)).isEqualTo(4); // 1 + maxRetries
    emu.faults().add(MotherDuckEmulator.REVOKE_TOKEN, Fault.status(500));
    assertThatThrownBy(() -> client.revokeToken("svc", "3fa85f64-5717-4562-b3fc-2c963f66afa6"))
        .isInstanceOfSatisfying(MotherDuckApiException.class, x -> assertThat(x.code()).contains("INTERNAL_SERVER_ERROR"));
    assertThat(emu.calls(MotherDuckEmulator.REVOKE_TOKEN)).isEqualTo(1); // 500 is not retried
  }

  @Test
  void connectionResetOnIdempotentCallIsRetried() {
    emu.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.reset().times(2));
    assertThat(client.listTokens("svc")).isEmpty();
    assertThat(emu.calls(MotherDuckEmulator.LIST_TOKENS)).isGreaterThanOrEqualTo(3);
    assertThat(listener.calls).contains("motherduck listTokens io_error");
  }

  @Test
  void retryAfterSecondsIsHonoured() {
    emu.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.rateLimited(Duration.ofSeconds(1)).times(1));
    long t0 = System.nanoTime();
    client.listTokens("svc");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).isBetween(1000L, 3000L);
    assertThat(emu.calls(MotherDuckEmulator.LIST_TOKENS)).isEqualTo(2);
    assertThat(listener.calls).containsExactly("motherduck listTokens rate_limited", "motherduck listTokens success");
  }

  @Test
  void retryAfterHttpDateIsHonoured() {
    emu.retryAfterAsHttpDate(true);
    emu.faults().add(MotherDuckEmulator.GET_DUCKLINGS, Fault.rateLimited(Duration.ofSeconds(2)).times(1));
    long t0 = System.nanoTime();
    client.getDucklings("svc");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    // Both dates have one-second resolution, so a 2 s Retry-After waits between 1 and ~2.6 s.
    assertThat(ms).isBetween(900L, 3500L);
    assertThat(emu.calls(MotherDuckEmulator.GET_DUCKLINGS)).isEqualTo(2);
  }

  @Test
  void retryAfterBeyondTheRetryBudgetFailsAtOnce() {
    MotherDuckClient tight = builder().maxRetryTime(Duration.ofMillis(500)).build();
    emu.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.rateLimited(Duration.ofSeconds(30)));
    long t0 = System.nanoTime();
    MotherDuckApiException e = catchThrowableOfType(() -> tight.listTokens("svc"), MotherDuckApiException.class);
    assertThat(e.status()).isEqualTo(429);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
    assertThat(emu.calls(MotherDuckEmulator.LIST_TOKENS)).isEqualTo(1);
  }

  @Test
  void rateLimitSpacesRequests() {
    MotherDuckClient limited = builder().requestsPerSecond(10).build();
    long t0 = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      limited.listTokens("svc");
    }
    // 6 requests at 10/s need at least 5 gaps of 100 ms; unlimited they take far less here.
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(480);
    assertThat(emu.calls(MotherDuckEmulator.LIST_TOKENS)).isEqualTo(6);
  }

  @Test
  void clockSkewFromDateHeader() {
    MotherDuckClient behind = builder()
        .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-1))).build();
    assertThat(behind.clockSkew()).isEmpty();
    behind.listTokens("svc");
    assertThat(behind.clockSkew().get()).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
  }

  @Test
  void malformedReplyIsTypedAndNamesTheEndpoint() {
    emu.faults().add(MotherDuckEmulator.GET_DUCKLINGS, Fault.malformed().times(1));
    MotherDuckMalformedResponseException e =
        catchThrowableOfType(() -> client.getDucklings("svc"), MotherDuckMalformedResponseException.class);
    assertThat(e.endpoint()).isEqualTo("GET /v1/users/{username}/instances");
    assertThat(e.getMessage()).contains("getDucklings", "invalid JSON");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void unicodeUsernamesArePercentEncoded() {
    assertThat(client.createServiceAccount("Ünïcode_sa")).isEqualTo("Ünïcode_sa");
    IssuedToken t = client.createToken("Ünïcode_sa", req("u"));
    assertThat(client.listTokens("ünïcode_SA")).containsExactly(t.info());
    client.revokeToken("Ünïcode_sa", t.info().id());
    assertThat(emu.liveTokens("Ünïcode_sa")).isEmpty();
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> MotherDuckClient.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder().requestsPerSecond(-1).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().maxRetries(-1).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().requestTimeout(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().baseUrl(java.net.URI.create("ftp://x")).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(builder().build().toString()).isEqualTo("MotherDuckClient[" + emu.baseUri() + "]");
  }
}
