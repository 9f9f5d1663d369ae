package io.mdrotator.motherduck;

import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckIssue;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.secret.Secret;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterAndErrorDecoderTest {
  static HttpHeaders headers(Map<String, String> h) {
    return HttpHeaders.of(h.entrySet().stream().collect(java.util.stream.Collectors.toMap(
        Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
  }

  @Test
  void retryAfterSecondsAndDates() {
    Instant now = Instant.parse("2026-11-28T02:00:00Z");
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "7")), now)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "Sat, 28 Nov 2026 02:00:05 GMT")), now))
        .contains(Duration.ofSeconds(5));
    // Measured against the reply's Date header when present, not the local clock.
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "Sat, 28 Nov 2026 03:00:05 GMT",
        "Date", "Sat, 28 Nov 2026 03:00:00 GMT")), now)).contains(Duration.ofSeconds(5));
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "Sat, 28 Nov 2026 01:00:00 GMT")), now)).contains(Duration.ZERO);
    assertThat(RetryAfter.of(headers(Map.of("Retry-After", "soon")), now)).isEmpty();
    assertThat(RetryAfter.of(headers(Map.of()), now)).isEmpty();
  }

  @Test
  void decoderScrubsTokensFromServerText() {
    ErrorDecoder d = new ErrorDecoder(Secret.of("admin-xyz-123"));
    ApiCall call = new ApiCall("listTokens", "svc", "GET", "GET /v1/users/{username}/tokens", "/x", Optional.empty(), true);
    MotherDuckApiException e = d.decode(call, new HttpReply(400, "{\"code\":\"BAD_REQUEST\",\"message\":"
        + "\"bad admin-xyz-123 and eyJhbGciOiJIUzI1.eyJzdWIiOiJ4In0x.c2lnbmF0dXJlMTIz\",\"issues\":[]}", headers(Map.of())), 1);
    assertThat(e.getMessage()).contains("[redacted]").doesNotContain("admin-xyz-123").doesNotContain("eyJzdWIiOiJ4In0x");
    MotherDuckApiException gw = d.decode(call, new HttpReply(502, "<html>Bad Gateway</html>", headers(Map.of())), 1);
    assertThat(gw.getMessage()).contains("HTTP 502", "non-JSON body");
  }

  static final ApiCall CREATE = new ApiCall("createToken", "x", "POST", "POST /v1/users/{username}/tokens", "/v1/users/x/tokens",
      Optional.of("{}"), false);

  @Test
  void issuesKeepTheirPathInTheMessageAndAsDetails() {
    ErrorDecoder d = new ErrorDecoder(Secret.of("admin-xyz-123"));
    MotherDuckApiException e = d.decode(CREATE, new HttpReply(400, "{\"message\":\"Number must be greater than or equal to 300\","
        + "\"code\":\"BAD_REQUEST\",\"data\":{\"code\":\"BAD_REQUEST\",\"httpStatus\":400,\"path\":\"users.createToken\"},"
        + "\"issues\":[{\"code\":\"too_small\",\"message\":\"Number must be greater than or equal to 300\",\"path\":[\"ttl\"]}]}",
        headers(Map.of())), 1);
    assertThat(e.getMessage()).isEqualTo("MotherDuck createToken for 'x' failed: HTTP 400 BAD_REQUEST: "
        + "Number must be greater than or equal to 300 (ttl: Number must be greater than or equal to 300)");
    assertThat(e.issues()).containsExactly("Number must be greater than or equal to 300");
    assertThat(e.issueDetails()).containsExactly(new MotherDuckIssue(
        Optional.of("too_small"), "Number must be greater than or equal to 300", List.of("ttl")));
    assertThat(e.issueDetails().get(0).field()).isEqualTo("ttl");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void nestedPathsJoinWithDotsAndArrayIndexesAreKept() {
    ErrorDecoder d = new ErrorDecoder(Secret.of("admin-xyz-123"));
    MotherDuckApiException e = d.decode(CREATE, new HttpReply(400, "{\"message\":\"m\",\"code\":\"BAD_REQUEST\",\"issues\":["
        + "{\"message\":\"Invalid config for tier\",\"path\":[\"config\",\"read_scaling\",\"flock_size\"]},"
        + "{\"message\":\"Required\",\"path\":[\"items\",2,\"name\"]},{\"message\":\"no path\"},{\"nomessage\":1}]}",
        headers(Map.of())), 1);
    assertThat(e.summary()).isEqualTo("HTTP 400 BAD_REQUEST: m (config.read_scaling.flock_size: Invalid config for tier; "
        + "items.2.name: Required; no path)");
    assertThat(e.issueDetails()).extracting(MotherDuckIssue::path)
        .containsExactly(List.of("config", "read_scaling", "flock_size"), List.of("items", "2", "name"), List.of());
  }

  @Test
  void issuePathsAreScrubbedAndTheIssueCountIsCapped() {
    ErrorDecoder d = new ErrorDecoder(Secret.of("admin-xyz-123"));
    StringBuilder issues = new StringBuilder("{\"message\":\"secret admin-xyz-123\",\"path\":[\"admin-xyz-123\"]}");
    for (int i = 0; i < 14; i++) {
      issues.append(",{\"message\":\"i").append(i).append("\",\"path\":[\"f\"]}");
    }
    MotherDuckApiException e = d.decode(CREATE, new HttpReply(400,
        "{\"message\":\"m\",\"code\":\"BAD_REQUEST\",\"issues\":[" + issues + "]}", headers(Map.of())), 1);
    assertThat(e.getMessage()).doesNotContain("admin-xyz-123").contains("[redacted]: secret [redacted]");
    assertThat(e.issueDetails()).hasSize(ErrorDecoder.MAX_ISSUES + 1);
    assertThat(e.issueDetails().get(ErrorDecoder.MAX_ISSUES).render()).isEqualTo("5 more issue(s) not shown");
  }

  @Test
  void attemptsAreNamedWhenRetriesWereUsedUp() {
    ErrorDecoder d = new ErrorDecoder(Secret.of("admin-xyz-123"));
    MotherDuckApiException e = d.decode(CREATE, new HttpReply(503, "Service Unavailable", headers(Map.of())), 5);
    assertThat(e.getMessage()).isEqualTo(
        "MotherDuck createToken for 'x' failed: HTTP 503: non-JSON body: Service Unavailable; gave up after 5 attempts");
    assertThat(e.attempts()).isEqualTo(5);
  }

  @Test
  void legacyConstructorRendersIssuesWithoutPath() {
    MotherDuckApiException e = new MotherDuckApiException("listTokens", "svc", 403, "FORBIDDEN", "Unauthorized",
        List.of("minimum role org_admin is required"), null);
    assertThat(e.getMessage()).isEqualTo(
        "MotherDuck listTokens for 'svc' failed: HTTP 403 FORBIDDEN: Unauthorized (minimum role org_admin is required)");
    assertThat(e.issueDetails()).containsExactly(MotherDuckIssue.of("minimum role org_admin is required"));
    assertThat(e.attempts()).isZero();
  }
}
