package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Request parsing of {@code /metrics}: when to gzip, which debug format. */
class ScrapeEndpointTest {
  @Test
  void gzipOnlyWhenListedAndNotRefused() {
    assertThat(ScrapeEndpoint.acceptsGzip("gzip")).isTrue();
    assertThat(ScrapeEndpoint.acceptsGzip("deflate, GZIP;q=0.5")).isTrue();
    assertThat(ScrapeEndpoint.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(ScrapeEndpoint.acceptsGzip("gzip; q=0.0, identity")).isFalse();
    assertThat(ScrapeEndpoint.acceptsGzip("identity")).isFalse();
    assertThat(ScrapeEndpoint.acceptsGzip("x-gzip")).isFalse();
    assertThat(ScrapeEndpoint.acceptsGzip(null)).isFalse();
  }

  @Test
  void debugFormatFromTheQuery() {
    assertThat(ScrapeEndpoint.debugFormat(null)).isEmpty();
    assertThat(ScrapeEndpoint.debugFormat("x=1")).isEmpty();
    assertThat(ScrapeEndpoint.debugFormat("x=1&debug=openmetrics")).isEqualTo(Optional.of("openmetrics"));
  }
}
