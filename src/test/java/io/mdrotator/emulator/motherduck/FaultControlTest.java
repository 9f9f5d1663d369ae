package io.mdrotator.emulator.motherduck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.Fault;
import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /_emulator/faults}: admin-only, adds and clears faults over HTTP, other routes unchanged. */
class FaultControlTest {
  private static final String ADMIN = "admin-secret-for-control";
  private static final String CREATE = "{\"name\":\"t\",\"ttl\":600,\"token_type\":\"read_write\"}";
  private MotherDuckEmulator emulator;
  private RawHttp http;

  @BeforeEach
  void start() {
    emulator = MotherDuckEmulator.start(EmulatorOptions.builder(Secret.of(ADMIN)).accounts(List.of("svc")).build());
    http = new RawHttp(emulator.baseUri());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void postedFaultMakesTheEndpointFailUntilDeleted() throws Exception {
    assertThat(http.send("POST", "/v1/users/svc/tokens", ADMIN, CREATE).status()).isEqualTo(200);
    RawHttp.Res added = http.send("POST", FaultControl.PATH, ADMIN,
        "{\"endpoint\":\"createToken\",\"kind\":\"STATUS\",\"status\":503,\"count\":-1}");
    assertThat(added.status()).as(added.body()).isEqualTo(204);

    for (int i = 0; i < 3; i++) {
      RawHttp.Res r = http.send("POST", "/v1/users/svc/tokens", ADMIN, CREATE);
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).isEqualTo("Service Unavailable");
    }
    assertThat(http.send("GET", "/v1/users/svc/tokens", ADMIN, null).status()).as("other endpoints").isEqualTo(200);
    assertThat(emulator.faults().injected(MotherDuckEmulator.CREATE_TOKEN)).isEqualTo(3);

    assertThat(http.send("DELETE", FaultControl.PATH, ADMIN, null).status()).isEqualTo(204);
    assertThat(http.send("POST", "/v1/users/svc/tokens", ADMIN, CREATE).status()).isEqualTo(200);
    assertThat(emulator.liveTokens("svc")).hasSize(2);
  }

  @Test
  void countLimitsTheFault() throws Exception {
    assertThat(http.send("POST", FaultControl.PATH, ADMIN,
        "{\"endpoint\":\"*\",\"kind\":\"rate_limit\",\"retryAfterSeconds\":2,\"count\":1}").status()).isEqualTo(204);
    assertThat(http.send("GET", "/v1/users/svc/tokens", ADMIN, null).status()).isEqualTo(429);
    assertThat(http.send("GET", "/v1/users/svc/tokens", ADMIN, null).status()).isEqualTo(200);
  }

  @Test
  void onlyTheAdminTokenMayControlFaults() throws Exception {
    String body = "{\"endpoint\":\"createToken\",\"kind\":\"STATUS\",\"status\":503}";
    assertThat(http.send("POST", FaultControl.PATH, null, body).status()).isEqualTo(401);
    assertThat(http.send("POST", FaultControl.PATH, "wrong", body).status()).isEqualTo(401);
    String tokenSecret = emulator.seedToken("svc", "x", io.mdrotator.policy.TokenType.READ_WRITE,
        java.util.Optional.of(Duration.ofHours(1))).secret().reveal();
    assertThat(http.send("POST", FaultControl.PATH, tokenSecret, body).status()).as("non-admin token").isEqualTo(401);
    assertThat(http.send("DELETE", FaultControl.PATH, null, null).status()).isEqualTo(401);
    assertThat(http.send("POST", "/v1/users/svc/tokens", ADMIN, CREATE).status()).as("nothing injected").isEqualTo(200);
  }

  @Test
  void invalidRequestsAreRejectedWithAReason() throws Exception {
    RawHttp.Res r = http.send("POST", FaultControl.PATH, ADMIN, "{\"endpoint\":\"mint\",\"kind\":\"STATUS\",\"status\":503}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("unknown endpoint 'mint'");
    assertThat(http.send("GET", FaultControl.PATH, ADMIN, null).status()).isEqualTo(405);
    assertThat(http.send("POST", "/v1/users/svc/tokens", ADMIN, CREATE).status()).isEqualTo(200);
  }

  @Test
  void unknownRoutesStayPlainText404() throws Exception {
    for (String path : List.of("/_emulator/faultsx", "/_emulator", "/_emulator/faults/1")) {
      RawHttp.Res r = http.send("POST", path, ADMIN, "{}");
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).isEqualTo("Not Found");
      assertThat(r.contentType()).startsWith("text/plain");
    }
  }

  @Test
  void clearingKeepsTheConfiguredLatency() {
    try (MotherDuckEmulator slow = MotherDuckEmulator.start(
        EmulatorOptions.builder(Secret.of(ADMIN)).latency(Duration.ofMillis(5)).build())) {
      slow.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.status(500));
      slow.clearFaults();
      assertThat(slow.faults().onCall(MotherDuckEmulator.CREATE_TOKEN)).containsExactly(Fault.latency(Duration.ofMillis(5)));
    }
  }

  @Test
  void parseAppliesDefaultsAndNamesTheWrongField() {
    FaultControl.Request r = FaultControl.parse("{\"endpoint\":\"createToken\",\"kind\":\"STATUS\",\"status\":503}");
    assertThat(r.endpoint()).isEqualTo("createToken");
    assertThat(r.fault()).isEqualTo(Fault.status(503));
    assertThat(FaultControl.parse("{\"endpoint\":\"listTokens\",\"kind\":\"LATENCY\",\"latencyMs\":250,\"count\":2}").fault())
        .isEqualTo(Fault.latency(Duration.ofMillis(250)).times(2));
    assertThatThrownBy(() -> FaultControl.parse("{\"endpoint\":\"createToken\",\"kind\":\"STATUS\"}"))
        .hasMessageContaining("status between 400 and 599");
    assertThatThrownBy(() -> FaultControl.parse("{\"endpoint\":\"createToken\",\"kind\":\"BOOM\"}"))
        .hasMessageContaining("unknown kind 'BOOM'");
    assertThatThrownBy(() -> FaultControl.parse("{\"endpoint\":\"createToken\",\"kind\":\"RESET\",\"count\":0}"))
        .hasMessageContaining("count");
    assertThatThrownBy(() -> FaultControl.parse("{\"endpoint\":\"createToken\",\"kind\":\"RESET\",\"extra\":1}"))
        .hasMessageContaining("unknown field 'extra'");
    assertThatThrownBy(() -> FaultControl.parse("[1]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> FaultControl.parse("{")).hasMessageContaining("not valid JSON");
  }
}
