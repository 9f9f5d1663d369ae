package io.mdrotator.motherduck;

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
        + "\"bad admin-xyz-123 and eyJhbGciOiJIUzI1.eyJzdWIiOiJ4In0x.c2lnbmF0dXJlMTIz\",\"issues\":[]}", headers(Map.of())));
    assertThat(e.getMessage()).contains("[redacted]").doesNotContain("admin-xyz-123").doesNotContain("eyJzdWIiOiJ4In0x");
    MotherDuckApiException gw = d.decode(call, new HttpReply(502, "<html>Bad Gateway</html>", headers(Map.of())));
    assertThat(gw.getMessage()).contains("HTTP 502", "non-JSON body");
  }
}
