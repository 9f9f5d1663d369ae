package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  private final PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RotationMetrics metrics = new RotationMetrics(reg, Clock.fixed(NOW, ZoneOffset.UTC), "t");
  private final HealthState health = new HealthState(NOW);
  private final MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, health,
      Clock.fixed(NOW, ZoneOffset.UTC), HealthThresholds.DEFAULT);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTextAndOpenMetricsByNegotiation() throws Exception {
    Scenario.healthy(metrics, metrics, NOW);
    HttpResponse<String> text = get("/metrics", "text/plain");
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text.body()).contains("mdrotator_rotations_total{").contains("mdrotator_build_info{version=\"t\"} 1");
    HttpResponse<String> om = get("/metrics",
        "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4");
    assertThat(om.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
    assertThat(om.body()).endsWith("# EOF\n").contains("# TYPE mdrotator_build info");
  }

  private HttpResponse<byte[]> getBytes(String accept, String acceptEncoding) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .header("Accept", accept);
    if (acceptEncoding != null) {
      b.header("Accept-Encoding", acceptEncoding);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void servesProtobufByNegotiationWithThePerSlotSeries() throws Exception {
    Scenario.healthy(metrics, metrics, NOW);
    HttpResponse<byte[]> pb = getBytes(
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited", null);
    assertThat(pb.statusCode()).isEqualTo(200);
    assertThat(pb.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/vnd.google.protobuf");
    String raw = new String(pb.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(raw).contains("mdrotator_slot_observed_timestamp_seconds").contains("mdrotator_served_token_live")
        .contains("svc_etl").doesNotContain("# TYPE");
  }

  @Test
  void gzipWhenTheScraperAcceptsItWithTheSameText() throws Exception {
    Scenario.healthy(metrics, metrics, NOW);
    HttpResponse<byte[]> plain = getBytes("text/plain", null);
    HttpResponse<byte[]> zipped = getBytes("text/plain", "gzip");
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.body().length).isLessThan(plain.body().length);
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
        new java.io.ByteArrayInputStream(zipped.body()))) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(getBytes("text/plain", "gzip;q=0, identity").headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void debugParameterShowsAFormatAsPlainText() throws Exception {
    Scenario.healthy(metrics, metrics, NOW);
    HttpResponse<String> om = get("/metrics?debug=openmetrics", null);
    assertThat(om.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(om.body()).endsWith("# EOF\n").contains("mdrotator_served_token_live{account=\"svc_etl\"");
    assertThat(get("/metrics?debug=prometheus-protobuf", null).body()).contains("mdrotator_served_token_live");
    assertThat(get("/metrics?debug=nope", null).body()).startsWith("debug: use openmetrics");
  }

  @Test
  void healthEndpointsAnswerJsonWith200Or503() throws Exception {
    HttpResponse<String> live = get("/healthz", null);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(live.body()).startsWith("{\"status\":\"ok\"");
    HttpResponse<String> notReady = get("/readyz", null);
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("\"policy\":{\"ok\":false");
    health.policyLoaded(NOW, 2);
    health.targetOk("vault", NOW);
    health.targetOk("motherduck", NOW);
    assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathIs404() throws Exception {
    assertThat(get("/nope", null).statusCode()).isEqualTo(404);
  }
}
