package io.mdrotator.emulator.motherduck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.Fault;
import io.mdrotator.secret.Secret;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules of the API reference (sections 5, 7 and 12) over HTTP, with the exact error bodies:
 * Duckling defaults and normalization, the tier limits, tokens for human members, TTL bounds, and
 * the per-account request counters tests use to count PUTs.
 */
class ReferenceRulesTest {
  private static final String ADMIN = "admin-secret-for-rules";
  private static final String INSTANCES = "/v1/users/svc/instances";
  private static final String DEFAULTS = "{\"read_write\":{\"instance_size\":\"standard\",\"cooldown_seconds\":60},"
      + "\"read_scaling\":{\"instance_size\":\"standard\",\"flock_size\":4,\"cooldown_seconds\":60}}";
  private MotherDuckEmulator emu;
  private RawHttp http;

  @BeforeEach
  void start() {
    emu = start(EmulatorOptions.builder(Secret.of(ADMIN)));
  }

  private MotherDuckEmulator start(EmulatorOptions.Builder options) {
    MotherDuckEmulator e = MotherDuckEmulator.start(options.accounts(List.of("svc")).members(List.of("alice")).build());
    http = new RawHttp(e.baseUri());
    return e;
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  private RawHttp.Res admin(String method, String path, String body) throws Exception {
    return http.send(method, path, ADMIN, body);
  }

  private static String put(String readWrite, String readScaling) {
    return "{\"config\":{\"read_write\":" + readWrite + ",\"read_scaling\":" + readScaling + "}}";
  }

  private static String badRequest(String procedure, String message, String issueCode, String path) {
    return "{\"message\":\"" + message + "\",\"code\":\"BAD_REQUEST\",\"data\":{\"code\":\"BAD_REQUEST\",\"httpStatus\":400,"
        + "\"path\":\"" + procedure + "\"},\"issues\":[{\"code\":\"" + issueCode + "\",\"message\":\"" + message + "\","
        + "\"path\":" + path + "}]}";
  }

  /** A refusal of PUT /instances beyond the schema (pulse cooldown, tier limits): zod's "custom" issue. */
  private static String ducklingError(String message, String path) {
    return badRequest("ducklings.setDucklingConfigForUser", message, "custom", path);
  }

  @Test
  void everyNewUserStartsWithTheDocumentedDucklings() throws Exception {
    assertThat(admin("POST", "/v1/users", "{\"username\":\"fresh\"}").status()).isEqualTo(200);
    for (String user : List.of("svc", "fresh", "alice")) {
      RawHttp.Res r = admin("GET", "/v1/users/" + user + "/instances", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).as(user).isEqualTo(DEFAULTS);
    }
  }

  @ParameterizedTest(name = "read_write standard -> {0}: cooldown {1}")
  @CsvSource({"pulse,", "standard,60", "jumbo,60", "mega,300", "giga,600"})
  void aSizeChangeWithoutCooldownGetsTheSizeDefault(String size, Integer cooldown) throws Exception {
    String rw = "{\"instance_size\":\"" + size + "\"" + (cooldown == null ? "" : ",\"cooldown_seconds\":" + cooldown) + "}";
    String expected = "{\"read_write\":" + rw + ",\"read_scaling\":{\"instance_size\":\"standard\",\"flock_size\":4,"
        + "\"cooldown_seconds\":60}}";
    RawHttp.Res r = admin("PUT", INSTANCES, put("{\"instance_size\":\"" + size + "\"}",
        "{\"instance_size\":\"standard\",\"flock_size\":4}"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(expected);
    assertThat(admin("GET", INSTANCES, null).body()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "read_scaling standard -> {0}: cooldown {1}")
  @CsvSource({"pulse,", "jumbo,60", "mega,300", "giga,600"})
  void readScalingFollowsTheSameDefaults(String size, Integer cooldown) throws Exception {
    emu.close();
    emu = start(EmulatorOptions.builder(Secret.of(ADMIN)).largeReadScalingSizes(true));
    RawHttp.Res r = admin("PUT", INSTANCES, put("{\"instance_size\":\"standard\"}",
        "{\"instance_size\":\"" + size + "\",\"flock_size\":2}"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"read_write\":{\"instance_size\":\"standard\",\"cooldown_seconds\":60},"
        + "\"read_scaling\":{\"instance_size\":\"" + size + "\",\"flock_size\":2"
        + (cooldown == null ? "" : ",\"cooldown_seconds\":" + cooldown) + "}}");
  }

  @Test
  void aSentCooldownWinsAndAnUnchangedSizeKeepsItsCooldown() throws Exception {
    RawHttp.Res set = admin("PUT", INSTANCES, put("{\"instance_size\":\"jumbo\",\"cooldown_seconds\":900}",
        "{\"instance_size\":\"standard\",\"flock_size\":4,\"cooldown_seconds\":120}"));
    String expected = "{\"read_write\":{\"instance_size\":\"jumbo\",\"cooldown_seconds\":900},"
        + "\"read_scaling\":{\"instance_size\":\"standard\",\"flock_size\":4,\"cooldown_seconds\":120}}";
    assertThat(set.body()).isEqualTo(expected);
    // same sizes, cooldowns omitted: the server keeps the ones it has (reference [I]: only a size change resets them)
    RawHttp.Res again = admin("PUT", INSTANCES, put("{\"instance_size\":\"jumbo\"}", "{\"instance_size\":\"standard\",\"flock_size\":4}"));
    assertThat(again.body()).isEqualTo(expected);
  }

  @Test
  void cooldownWithPulseIsABadRequestAndChangesNothing() throws Exception {
    RawHttp.Res rs = admin("PUT", INSTANCES, put("{\"instance_size\":\"standard\"}",
        "{\"instance_size\":\"pulse\",\"flock_size\":1,\"cooldown_seconds\":60}"));
    assertThat(rs.status()).isEqualTo(400);
    assertThat(rs.body()).isEqualTo(ducklingError("cooldown_seconds is not allowed for pulse Ducklings",
        "[\"config\",\"read_scaling\",\"cooldown_seconds\"]"));
    RawHttp.Res rw = admin("PUT", INSTANCES, put("{\"instance_size\":\"pulse\",\"cooldown_seconds\":300}",
        "{\"instance_size\":\"standard\",\"flock_size\":1}"));
    assertThat(rw.body()).isEqualTo(ducklingError("cooldown_seconds is not allowed for pulse Ducklings",
        "[\"config\",\"read_write\",\"cooldown_seconds\"]"));
    assertThat(admin("GET", INSTANCES, null).body()).isEqualTo(DEFAULTS);
  }

  @Test
  void flockAboveTheOrgLimitIsRefusedForTheTier() throws Exception {
    RawHttp.Res over = admin("PUT", INSTANCES, put("{\"instance_size\":\"standard\"}", "{\"instance_size\":\"standard\",\"flock_size\":17}"));
    assertThat(over.status()).isEqualTo(400);
    assertThat(over.body()).isEqualTo(ducklingError("Invalid config for tier: flock_size 17 exceeds the limit of 16",
        "[\"config\",\"read_scaling\",\"flock_size\"]"));
    assertThat(admin("GET", INSTANCES, null).body()).isEqualTo(DEFAULTS);
    assertThat(admin("PUT", INSTANCES, put("{\"instance_size\":\"standard\"}",
        "{\"instance_size\":\"standard\",\"flock_size\":16}")).status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "read_scaling {0}")
  @CsvSource({"mega", "giga"})
  void largeReadScalingSizesAreRefusedForTheTier(String size) throws Exception {
    RawHttp.Res r = admin("PUT", INSTANCES, put("{\"instance_size\":\"" + size + "\"}",
        "{\"instance_size\":\"" + size + "\",\"flock_size\":1}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(ducklingError("Invalid config for tier: read_scaling instance_size " + size
        + " requires a support request", "[\"config\",\"read_scaling\",\"instance_size\"]"));
    // the same size is fine for read_write
    assertThat(admin("PUT", INSTANCES, put("{\"instance_size\":\"" + size + "\"}",
        "{\"instance_size\":\"jumbo\",\"flock_size\":1}")).status()).isEqualTo(200);
  }

  @Test
  void tierLimitsAreOptions() throws Exception {
    emu.close();
    emu = start(EmulatorOptions.builder(Secret.of(ADMIN)).maxFlockSize(32).largeReadScalingSizes(true));
    assertThat(admin("PUT", INSTANCES, put("{\"instance_size\":\"standard\"}",
        "{\"instance_size\":\"giga\",\"flock_size\":32}")).status()).isEqualTo(200);
    assertThat(admin("PUT", INSTANCES, put("{\"instance_size\":\"standard\"}",
        "{\"instance_size\":\"giga\",\"flock_size\":33}")).body())
        .isEqualTo(ducklingError("Invalid config for tier: flock_size 33 exceeds the limit of 32",
            "[\"config\",\"read_scaling\",\"flock_size\"]"));
  }

  @Test
  void anAdminCannotMintATokenForAHumanMember() throws Exception {
    emu.addMember("Bob");
    for (String member : List.of("alice", "bob")) {
      RawHttp.Res r = admin("POST", "/v1/users/" + member + "/tokens", "{\"name\":\"n\",\"ttl\":300}");
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.body()).isEqualTo("{\"message\":\"admins cannot create tokens for other members; only for service"
          + " accounts\",\"code\":\"FORBIDDEN\",\"issues\":[]}");
      assertThat(emu.liveTokens(member)).isEmpty();
      assertThat(admin("GET", "/v1/users/" + member + "/tokens", null).body()).isEqualTo("{\"tokens\":[]}");
    }
    // input is validated before the target is looked at
    assertThat(admin("POST", "/v1/users/alice/tokens", "{\"name\":\"n\",\"ttl\":1}").status()).isEqualTo(400);
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"ttl\":300}").status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "ttl {0}")
  @CsvSource({
    "299, too_small, Number must be greater than or equal to 300",
    "0, too_small, Number must be greater than or equal to 300",
    "31536001, too_big, Number must be less than or equal to 31536000"})
  void ttlOutsideTheDocumentedRangeIsABadRequestOnTtl(long ttl, String code, String message) throws Exception {
    RawHttp.Res r = admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"ttl\":" + ttl + "}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(badRequest("users.createToken", message, code, "[\"ttl\"]"));
    assertThat(emu.liveTokens("svc")).isEmpty();
  }

  @Test
  void ttlBoundsAreInclusive() throws Exception {
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"min\",\"ttl\":300}").status()).isEqualTo(200);
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"max\",\"ttl\":31536000}").status()).isEqualTo(200);
  }

  @Test
  void relaxedTtlOnlyLowersTheMinimumToOneSecond() throws Exception {
    emu.close();
    emu = start(EmulatorOptions.builder(Secret.of(ADMIN)).relaxedTtl(true));
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"ttl\":1}").status()).isEqualTo(200);
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"ttl\":0}").body())
        .isEqualTo(badRequest("users.createToken", "Number must be greater than or equal to 1", "too_small", "[\"ttl\"]"));
    assertThat(admin("POST", "/v1/users/svc/tokens", "{\"name\":\"n\",\"ttl\":31536001}").body())
        .isEqualTo(badRequest("users.createToken", "Number must be less than or equal to 31536000", "too_big", "[\"ttl\"]"));
  }

  @Test
  void requestsAreCountedPerAccount() throws Exception {
    emu.createAccount("other");
    String body = put("{\"instance_size\":\"standard\"}", "{\"instance_size\":\"standard\",\"flock_size\":4}");
    admin("PUT", INSTANCES, body);
    admin("PUT", "/v1/users/SVC/instances", body);
    admin("PUT", "/v1/users/other/instances", put("{\"instance_size\":\"standard\"}",
        "{\"instance_size\":\"standard\",\"flock_size\":99}"));
    emu.faults().add(MotherDuckEmulator.SET_DUCKLINGS, Fault.status(503).times(1));
    assertThat(admin("PUT", "/v1/users/other/instances", body).status()).isEqualTo(503);
    admin("GET", INSTANCES, null);
    assertThat(emu.calls(MotherDuckEmulator.SET_DUCKLINGS, "svc")).isEqualTo(2);
    assertThat(emu.calls(MotherDuckEmulator.SET_DUCKLINGS, "Other")).isEqualTo(2);
    assertThat(emu.calls(MotherDuckEmulator.SET_DUCKLINGS, "ghost")).isZero();
    assertThat(emu.calls(MotherDuckEmulator.GET_DUCKLINGS, "svc")).isEqualTo(1);
    assertThat(emu.calls(MotherDuckEmulator.SET_DUCKLINGS)).isEqualTo(4);
    emu.faults().resetCounters();
    assertThat(emu.calls(MotherDuckEmulator.SET_DUCKLINGS, "svc")).isZero();
  }
}
