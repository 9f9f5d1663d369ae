package io.mdrotator.observability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stand-in for the daemon in scripts/prometheus-e2e.sh: serves a healthy rotation state on
 * {@code host:port}, heartbeats every second, and reads commands from stdin: {@code fail} (five
 * failed attempts on svc_bi/reader), {@code heal} (a success), {@code quit} or end of input.
 */
public final class E2eHarness {
  private E2eHarness() {}

  public static void main(String[] args) throws Exception {
    String[] hp = args[0].split(":");
    Instant start = Instant.now();
    HealthState health = new HealthState(start);
    ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
    try (RotationMetrics m = RotationMetrics.create(Clock.systemUTC(), "0.0.0-e2e");
        MetricsServer server = MetricsServer.start(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])),
            m.registry(), health)) {
      Scenario.healthy(m, m, start);
      beat.scheduleAtFixedRate(() -> {
        m.heartbeat(Instant.now());
        health.heartbeat(Instant.now());
      }, 0, 1, TimeUnit.SECONDS);
      System.out.println("e2e-harness: serving on " + hp[0] + ":" + server.port());
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.trim().equals("quit"); line = in.readLine()) {
        switch (line.trim()) {
          case "fail" -> {
            for (int i = 1; i <= 5; i++) {
              Scenario.failBi(m, m, Instant.now(), i);
            }
          }
          case "heal" -> m.rotationSucceeded(Scenario.BI, "r-heal", Duration.ofSeconds(1));
          default -> System.err.println("e2e-harness: unknown command '" + line + "'");
        }
        System.out.println("e2e-harness: did " + line.trim());
      }
    } finally {
      beat.shutdownNow();
    }
  }
}
