package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs scripts/prometheus-e2e.sh in daemon mode: the real daemon ({@code run}) against both
 * emulators, each in a child JVM on this test's class path (so it runs in {@code mvn verify}
 * before the jar exists), scraped by a real Prometheus. Asserts series, two rotations and a
 * revocation, no alert while healthy, and MdRotatorRotationFailing after the MotherDuck emulator
 * is made to fail through its control endpoint (~30 s).
 */
class PrometheusE2eTest {
  @Test
  void realPrometheusScrapesTheDaemonAndAlertsOnlyWhenRotationFails() throws Exception {
    Promtool.require("prometheus");
    Promtool.require("promtool");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    assertThat(cp).as("class path usable in a quoted shell word").doesNotContain("'").contains("classes");
    String launcher = "'" + java + "' -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + cp + "' "
        + "io.mdrotator.cli.Main";
    Path base = Path.of("").toAbsolutePath();
    Promtool.Result r = Promtool.run(null, base, "bash", "scripts/prometheus-e2e.sh", "--md-rotator", launcher,
        "--prom-port", port(), "--metrics-port", port(), "--md-port", port(), "--vault-port", port());
    assertThat(r.output()).as(r.output())
        .contains("e2e: rotations and revocation seen")
        .contains("e2e: no alert fires while healthy")
        .contains("alertname=\"MdRotatorRotationFailing\"")
        .contains("e2e: PASS");
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  private static String port() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return String.valueOf(s.getLocalPort());
    }
  }
}
