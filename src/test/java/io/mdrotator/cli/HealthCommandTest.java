package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mdrotator.observability.HealthState;
import io.mdrotator.observability.MetricsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HealthCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine(args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void exitCodeFollowsReadiness() {
    HealthState health = new HealthState(Instant.now());
    try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), health)) {
      String url = "http://127.0.0.1:" + server.port() + "/readyz";
      assertThat(run("health", "--url", url)).isEqualTo(1);
      assertThat(out.toString()).contains("\"status\":\"fail\"");
      assertThat(err.toString()).contains("answered HTTP 503");
      health.policyLoaded(Instant.now(), 1);
      health.targetOk("vault", Instant.now());
      health.targetOk("motherduck", Instant.now());
      assertThat(run("health", "--url", url)).isEqualTo(0);
      assertThat(out.toString()).contains("\"status\":\"ok\"");
    }
  }

  @Test
  void connectionFailureIsOneLineAndExit1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(run("health", "--url", "http://127.0.0.1:" + port + "/readyz", "--timeout", "PT2S")).isEqualTo(1);
    assertThat(err.toString()).startsWith("health: cannot reach http://127.0.0.1:" + port).hasLineCount(1);
    assertThat(out.toString()).isEmpty();
  }
}
