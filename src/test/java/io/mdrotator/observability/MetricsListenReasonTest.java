package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A listener that cannot bind is a typed exception whose message is the operator's whole line. */
class MetricsListenReasonTest {
  @Test
  void aTakenPortNamesTheKeyTheAddressAndTheReason() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      assertThatThrownBy(() -> MetricsServer.start(address, registry, new HealthState(Instant.EPOCH)))
          .isInstanceOf(MetricsServer.ListenException.class)
          .hasMessage("metrics.listen 127.0.0.1:" + taken.getLocalPort() + ": address already in use");
    }
  }

  @Test
  void otherBindFailuresKeepTheJdkReason() {
    assertThat(MetricsServer.ListenException.reason(new BindException("Cannot assign requested address")))
        .isEqualTo("cannot assign requested address");
    assertThat(MetricsServer.ListenException.reason(new BindException("Address already in use")))
        .isEqualTo("address already in use");
  }
}
