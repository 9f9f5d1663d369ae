package io.mdrotator.observability;

import io.mdrotator.port.ApiCallListener;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.RotationListener;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservabilityTest {
  private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void wiresPolicyHeartbeatAndApiOutcomesIntoMetricsAndReadiness() throws Exception {
    try (Observability o = Observability.start(new InetSocketAddress("127.0.0.1", 0),
        Clock.fixed(NOW, ZoneOffset.UTC), "9.9.9", HealthThresholds.DEFAULT)) {
      o.heartbeat();
      o.policyLoaded(Scenario.SLOTS);
      ApiCallListener api = o.apiCallListener();
      api.completed("vault", "read", "success", Duration.ofMillis(5));
      api.completed("motherduck", "list_tokens", "success", Duration.ofMillis(50));
      assertThat(get(o.port(), "/readyz").statusCode()).isEqualTo(200);
      api.completed("motherduck", "create_token", "server_error", Duration.ofMillis(50));
      HttpResponse<String> notReady = get(o.port(), "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("create_token server_error");
      api.completed("vault", "read", "client_error", Duration.ofMillis(5));
      assertThat(o.health().readiness(NOW, HealthThresholds.DEFAULT).checks())
          .filteredOn(c -> c.name().equals("vault")).singleElement().extracting(HealthReport.Check::ok).isEqualTo(true);

      o.policyLoaded(List.of(new SlotKey(Scenario.ETL, "read_write")));
      o.policyReloadFailed("policy.yaml:4: bad ttl");
      String scrape = get(o.port(), "/metrics").body();
      assertThat(scrape).doesNotContain("svc_bi").contains("mdrotator_policy_slots 1.0")
          .contains("mdrotator_policy_reloads_total{result=\"failure\"} 1.0")
          .contains("mdrotator_build_info{version=\"9.9.9\"} 1")
          .contains("jvm_memory_used_bytes");
      assertThat(get(o.port(), "/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theEnginesListenerFeedsMetricsAndTheOperatorLog() throws Exception {
    ch.qos.logback.classic.Logger operator =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(OperatorLog.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
        new ch.qos.logback.core.read.ListAppender<>();
    seen.start();
    operator.addAppender(seen);
    try (Observability o = Observability.start(new InetSocketAddress("127.0.0.1", 0),
        Clock.fixed(NOW, ZoneOffset.UTC), "9.9.9", HealthThresholds.DEFAULT)) {
      o.policyLoaded(Scenario.SLOTS);
      RotationListener engineEvents = o.rotationListener();
      engineEvents.servedTokenLiveness(Scenario.ETL, new Liveness(Liveness.State.LIVE,
          Optional.of("tok-1"), Optional.of(NOW.plusSeconds(60))));
      engineEvents.servedTokenLiveness(Scenario.ETL, new Liveness(Liveness.State.EXPIRED,
          Optional.of("tok-1"), Optional.of(NOW.minusSeconds(60))));
      assertThat(get(o.port(), "/metrics").body())
          .contains("mdrotator_served_token_live{account=\"svc_etl\",slot=\"primary\"} 0.0");
      assertThat(seen.list).singleElement().satisfies(e -> {
        assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
        assertThat(e.getFormattedMessage()).startsWith("slot svc_etl/primary serves no live token (expired: token_id=tok-1");
      });
    } finally {
      operator.detachAppender(seen);
    }
  }

  @Test
  void compositeListenerIsolatesAThrowingListener() {
    List<String> seen = new ArrayList<>();
    RotationListener boom = new RotationListener() {
      @Override
      public void verified(SlotId slot, String rotationId, String tokenId) {
        throw new IllegalStateException("listener bug");
      }
    };
    RotationListener recorder = new RotationListener() {
      @Override
      public void verified(SlotId slot, String rotationId, String tokenId) {
        seen.add(tokenId);
      }
    };
    new CompositeRotationListener(List.of(boom, recorder)).verified(Scenario.ETL, "r", "tok-1");
    assertThat(seen).containsExactly("tok-1");
  }

  @Test
  void syncSlotsForgetsSlotsNoLongerInPolicy() {
    RotationMetrics m = RotationMetrics.create(Clock.fixed(NOW, ZoneOffset.UTC), "t");
    m.syncSlots(Scenario.SLOTS);
    m.slotObserved(Scenario.BI, "read_scaling", Optional.empty(), Optional.empty(), 1, 3);
    m.syncSlots(List.of(new SlotKey(Scenario.ETL, "read_write")));
    assertThat(m.registry().scrape()).contains("svc_etl").doesNotContain("svc_bi");
    m.close();
  }
}
