package io.mdrotator.emulator.motherduck;

import io.mdrotator.emulator.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.Fault;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.policy.TokenType;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MotherDuckEmulatorTest {
  private static final String ADMIN = "admin-secret-token";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-19T00:00:00Z"));
  private MotherDuckEmulator emu;
  private RawHttp http;

  @BeforeEach
  void start() {
    emu = MotherDuckEmulator.start(EmulatorOptions.builder(Secret.of(ADMIN)).clock(clock).accounts(java.util.List.of("svc")).build());
    http = new RawHttp(emu.baseUri());
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  private RawHttp.Res admin(String method, String path, String body) throws Exception {
    return http.send(method, path, ADMIN, body);
  }

  private JsonNode mint(String body) throws Exception {
    RawHttp.Res r = admin("POST", "/v1/users/svc/tokens", body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void authMissingOrUnknownIs401AndServiceAccountTokenIs403() throws Exception {
    RawHttp.Res none = http.send("GET", "/v1/users/svc/tokens", null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).isEqualTo("{\"message\":\"Invalid Credentials\",\"code\":\"UNAUTHORIZED\",\"issues\":[]}");
    assertThat(http.send("GET", "/v1/users/svc/tokens", "nope", null).status()).isEqualTo(401);

    String sa = mint("{\"name\":\"n\"}").path("token").stringValue();
    RawHttp.Res forbidden = http.send("GET", "/v1/users/svc/tokens", sa, null);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().path("code").stringValue()).isEqualTo("FORBIDDEN");
    assertThat(forbidden.json().path("issues").get(0).path("message").stringValue()).contains("minimum role");
  }

  @Test
  void usernameRulesAndCaseInsensitiveUniqueness() throws Exception {
    assertThat(admin("POST", "/v1/users", "{\"username\":\"Ünïcode_1\"}").status()).isEqualTo(200);
    RawHttp.Res digit = admin("POST", "/v1/users", "{\"username\":\"1abc\"}");
    assertThat(digit.status()).isEqualTo(400);
    JsonNode b = digit.json();
    assertThat(b.path("message").stringValue()).isEqualTo("Username must start with an alphabetic character");
    assertThat(b.path("data").path("path").stringValue()).isEqualTo("users.createServiceAccount");
    assertThat(b.path("data").path("httpStatus").asInt()).isEqualTo(400);
    assertThat(b.path("issues").get(0).path("path").get(0).stringValue()).isEqualTo("username");
    assertThat(admin("POST", "/v1/users", "{\"username\":\"a-b\"}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users", "{\"username\":\"\"}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users", "{\"username\":\"a" + "b".repeat(255) + "\"}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users", "{}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users", "not json").status()).isEqualTo(400);
    RawHttp.Res dup = admin("POST", "/v1/users", "{\"username\":\"SVC\"}");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.body()).contains("unique constraint");
  }

  @Test
  void duplicateCanBeSwitchedTo409() throws Exception {
    try (MotherDuckEmulator e = MotherDuckEmulator.start(
        EmulatorOptions.builder(Secret.of(ADMIN)).duplicateUsernameStatus(409).accounts(java.util.List.of("x")).build())) {
      RawHttp.Res r = new RawHttp(e.baseUri()).send("POST", "/v1/users", ADMIN, "{\"username\":\"X\"}");
      assertThat(r.status()).isEqualTo(409);
    }
  }

  @Test
  void createTokenReturnsJwtUuidRfc3339AndDefaultsToReadWrite() throws Exception {
    JsonNode t = mint("{\"name\":\"backend-api\",\"ttl\":2592000}");
    String[] parts = t.path("token").stringValue().split("\\.");
    assertThat(parts).hasSize(3);
    for (String p : parts) {
      assertThat(Base64.getUrlDecoder().decode(p)).isNotEmpty();
    }
    assertThat(UUID.fromString(t.path("id").stringValue()).version()).isEqualTo(4);
    assertThat(OffsetDateTime.parse(t.path("created_ts").stringValue()).toInstant()).isEqualTo(clock.instant());
    assertThat(OffsetDateTime.parse(t.path("expire_at").stringValue()).toInstant())
        .isEqualTo(clock.instant().plusSeconds(2592000));
    assertThat(t.path("token_type").stringValue()).isEqualTo("read_write");
    assertThat(t.path("read_only").booleanValue()).isFalse();
    JsonNode rs = mint("{\"name\":\"r\",\"token_type\":\"read_scaling\"}");
    assertThat(rs.has("expire_at")).isFalse();
    assertThat(rs.path("read_only").booleanValue()).isTrue();
  }

  @Test
  void tokenValidation() throws Exception {
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"ttl\":300}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"\"}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"" + "x".repeat(256) + "\"}").status()).isEqualTo(400);
    RawHttp.Res low = admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"ttl\":299}");
    assertThat(low.status()).isEqualTo(400);
    assertThat(low.json().path("issues").get(0).path("path").get(0).stringValue()).isEqualTo("ttl");
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"ttl\":31536001}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"ttl\":\"300\"}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"token_type\":\"admin\"}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"ttl\":31536000}").status()).isEqualTo(200);
    assertThat(admin("POST", "/v1/users/ghost/tokens", "{\"name\":\"n\"}").json().path("code").stringValue())
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void relaxedTtlAcceptsOneSecond() throws Exception {
    try (MotherDuckEmulator e = MotherDuckEmulator.start(
        EmulatorOptions.builder(Secret.of(ADMIN)).relaxedTtl(true).accounts(java.util.List.of("x")).build())) {
      RawHttp raw = new RawHttp(e.baseUri());
      assertThat(raw.send("POST", "/v1/users/x/tokens", ADMIN, "{\"name\":\"n\",\"ttl\":1}").status()).isEqualTo(200);
      assertThat(raw.send("POST", "/v1/users/x/tokens", ADMIN, "{\"name\":\"n\",\"ttl\":0}").status()).isEqualTo(400);
    }
  }

  @Test
  void expiredTokensVanishFromListAndAreRejectedAsBearer() throws Exception {
    JsonNode t = mint("{\"name\":\"short\",\"ttl\":300}");
    mint("{\"name\":\"forever\"}");
    assertThat(emu.liveTokens("svc")).hasSize(2);
    clock.advance(Duration.ofSeconds(300));
    RawHttp.Res list = admin("GET", "/v1/users/svc/tokens", null);
    assertThat(list.json().path("tokens")).hasSize(1);
    assertThat(list.json().path("tokens").get(0).path("name").stringValue()).isEqualTo("forever");
    assertThat(list.body()).doesNotContain("\"token\"");
    assertThat(emu.isTokenLive(t.path("id").stringValue())).isFalse();
    assertThat(http.send("GET", "/v1/users/svc/tokens", t.path("token").stringValue(), null).status()).isEqualTo(401);
  }

  @Test
  void revokeReturnsEmptyObjectThen404AndRevokedTokenIs401() throws Exception {
    JsonNode t = mint("{\"name\":\"n\"}");
    String path = "/v1/users/svc/tokens/" + t.path("id").stringValue();
    RawHttp.Res ok = admin("DELETE", path, null);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{}");
    assertThat(admin("DELETE", path, null).json().path("code").stringValue()).isEqualTo("NOT_FOUND");
    assertThat(http.send("GET", "/v1/users/svc/tokens", t.path("token").stringValue(), null).status()).isEqualTo(401);
    assertThat(admin("DELETE", "/v1/users/svc/tokens/not-a-uuid", null).status()).isEqualTo(400);
  }

  @Test
  void deleteUserCascadesTokensAndUnknownIs404() throws Exception {
    JsonNode t = mint("{\"name\":\"n\"}");
    RawHttp.Res del = admin("DELETE", "/v1/users/SVC", null);
    assertThat(del.status()).isEqualTo(200);
    assertThat(del.json().path("username").stringValue()).isEqualTo("svc");
    assertThat(emu.isTokenLive(t.path("id").stringValue())).isFalse();
    assertThat(admin("DELETE", "/v1/users/svc", null).json().path("code").stringValue()).isEqualTo("NOT_FOUND");
    assertThat(admin("GET", "/v1/users/svc/tokens", null).status()).isEqualTo(404);
  }

  @Test
  void unknownRoutesArePlainText404() throws Exception {
    for (String[] mp : new String[][] {{"GET", "/v1/users/svc"}, {"GET", "/v2/x"}, {"PATCH", "/v1/users/svc/tokens"}}) {
      RawHttp.Res r = admin(mp[0], mp[1], null);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.body()).isEqualTo("Not Found");
      assertThat(r.contentType()).startsWith("text/plain");
    }
  }

  @Test
  void ducklingDefaultsValidationTierAndCooldownDefaults() throws Exception {
    assertThat(admin("GET", "/v1/users/svc/instances", null).body()).isEqualTo(
        "{\"read_write\":{\"instance_size\":\"standard\",\"cooldown_seconds\":60},"
            + "\"read_scaling\":{\"instance_size\":\"standard\",\"flock_size\":4,\"cooldown_seconds\":60}}");
    RawHttp.Res mega = admin("PUT", "/v1/users/svc/instances",
        "{\"config\":{\"read_write\":{\"instance_size\":\"mega\"},\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":2}}}");
    assertThat(mega.body()).isEqualTo(
        "{\"read_write\":{\"instance_size\":\"mega\",\"cooldown_seconds\":300},"
            + "\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":2}}");
    String[] bad = {
      "{\"read_write\":{\"instance_size\":\"standard\"}}",
      "{\"config\":{\"read_write\":{\"instance_size\":\"huge\"},\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":2}}}",
      "{\"config\":{\"read_write\":{\"instance_size\":\"standard\"},\"read_scaling\":{\"instance_size\":\"pulse\"}}}",
      "{\"config\":{\"read_write\":{\"instance_size\":\"standard\"},\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":65}}}",
      "{\"config\":{\"read_write\":{\"instance_size\":\"standard\",\"cooldown_seconds\":59},\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":1}}}",
      "{\"config\":{\"read_write\":{\"instance_size\":\"pulse\",\"cooldown_seconds\":60},\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":1}}}",
    };
    for (String body : bad) {
      assertThat(admin("PUT", "/v1/users/svc/instances", body).status()).as(body).isEqualTo(400);
    }
    RawHttp.Res tier = admin("PUT", "/v1/users/svc/instances",
        "{\"config\":{\"read_write\":{\"instance_size\":\"standard\"},\"read_scaling\":{\"instance_size\":\"giga\",\"flock_size\":1}}}");
    assertThat(tier.json().path("message").stringValue()).startsWith("Invalid config for tier");
    RawHttp.Res flock = admin("PUT", "/v1/users/svc/instances",
        "{\"config\":{\"read_write\":{\"instance_size\":\"standard\"},\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":17}}}");
    assertThat(flock.json().path("message").stringValue()).startsWith("Invalid config for tier");
    assertThat(admin("GET", "/v1/users/ghost/instances", null).json().path("code").stringValue()).isEqualTo("NOT_FOUND");
  }

  @Test
  void faultsResetCommitThenDropMalformedAndCounters() throws Exception {
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.reset().times(1));
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.commitThenDrop().times(1));
    assertThatThrownBy(() -> admin("POST", "/v1/users/svc/tokens", "{\"name\":\"a\"}")).isInstanceOf(IOException.class);
    assertThat(emu.liveTokens("svc")).isEmpty();
    assertThatThrownBy(() -> admin("POST", "/v1/users/svc/tokens", "{\"name\":\"b\"}")).isInstanceOf(IOException.class);
    assertThat(emu.liveTokens("svc")).extracting(i -> i.name()).containsExactly("b");
    emu.faults().add(MotherDuckEmulator.LIST_TOKENS, Fault.malformed().times(1));
    RawHttp.Res broken = admin("GET", "/v1/users/svc/tokens", null);
    assertThat(broken.status()).isEqualTo(200);
    assertThatThrownBy(broken::json).isInstanceOf(RuntimeException.class);
    emu.faults().add(MotherDuckEmulator.GET_DUCKLINGS, Fault.status(503).times(1));
    assertThat(admin("GET", "/v1/users/svc/instances", null).status()).isEqualTo(503);
    assertThat(admin("GET", "/v1/users/svc/instances", null).status()).isEqualTo(200);
    assertThat(emu.calls(MotherDuckEmulator.CREATE_TOKEN)).isEqualTo(2);
    assertThat(emu.calls(MotherDuckEmulator.GET_DUCKLINGS)).isEqualTo(2);
  }

  @Test
  void hooksSeedAndAccountManagement() {
    IssuedToken seeded = emu.seedToken("svc", "manual", TokenType.READ_SCALING, Optional.of(Duration.ofHours(1)));
    assertThat(emu.liveTokens("svc")).containsExactly(seeded.info());
    assertThat(emu.issuedSecrets()).containsExactly(seeded.secret().reveal());
    assertThat(emu.calls(MotherDuckEmulator.CREATE_TOKEN)).isZero();
    emu.createAccount("other");
    assertThat(emu.accountExists("OTHER")).isTrue();
    assertThatThrownBy(() -> emu.createAccount("bad-name")).isInstanceOf(IllegalArgumentException.class);
    assertThat(emu.deleteAccount("svc")).isTrue();
    assertThat(emu.isTokenLive(seeded.info().id())).isFalse();
    assertThat(emu.issuedSecrets()).hasSize(1);
  }
}
