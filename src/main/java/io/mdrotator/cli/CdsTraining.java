package io.mdrotator.cli;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Composition;
import io.mdrotator.daemon.Daemon;
import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.rotation.RotationListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * The workload whose classes go into the class-data archive: what {@code run}, {@code validate},
 * {@code plan} and {@code health} load, run against the built-in emulators on loopback with a
 * temporary config (no network, no credential of the host). The archive holds classes only.
 */
final class CdsTraining {
  private CdsTraining() {}

  /** Exit 0 when every step ran as expected; the archiving JVM writes the archive as it exits. */
  static int run(PrintWriter err) throws Exception {
    try (DemoEnvironment env = DemoEnvironment.start(0)) {
      String config = env.configFile().toString();
      int validate = quietly("validate", "--config", config);
      int plan = quietly("plan", "--config", config);
      int planJson = quietly("plan", "--config", config, "--output", "json");
      DaemonConfig cfg = CommandSetup.config(env.configFile());
      try (Daemon daemon = Daemon.start(new Composition(cfg, System.getenv(), Clock.systemUTC()),
          RotationListener.NOOP, SignalHook.NONE)) {
        String base = "http://127.0.0.1:" + daemon.metricsPort();
        int health = 1;
        for (int i = 0; i < 100 && health != 0; i++) {
          health = quietly("health", "--url", base + "/readyz");
          if (health != 0) {
            Thread.sleep(100);
          }
        }
        int metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        err.printf("cds training: validate %d, plan %d/%d, health %d, /metrics %d%n", validate, plan, planJson,
            health, metrics);
        err.flush();
        return validate == 0 && plan == 0 && planJson == 0 && health == 0 && metrics == 200 ? 0 : 1;
      }
    }
  }

  private static int quietly(String... args) {
    StringWriter sink = new StringWriter();
    return Main.execute(new PrintWriter(sink), new PrintWriter(sink), args);
  }
}
