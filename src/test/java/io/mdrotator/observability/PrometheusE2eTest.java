package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs scripts/prometheus-e2e.sh against {@link E2eHarness} in a child JVM: a real Prometheus
 * scrapes it, no alert fires while healthy, MdRotatorRotationFailing fires after failures (~10 s).
 */
class PrometheusE2eTest {
  @Test
  void realPrometheusIngestsSeriesAndFiresOnlyOnFailure() throws Exception {
    Promtool.require("prometheus");
    Promtool.require("promtool");
    int target = freePort();
    int prom = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    String targetCmd = "exec '" + java + "' -Xmx128m -XX:TieredStopAtLevel=1 -cp '" + cp + "' "
        + E2eHarness.class.getName() + " 127.0.0.1:" + target;
    assertThat(cp).as("class path usable in a quoted shell word").doesNotContain("'").contains("test-classes");
    Path base = Path.of("").toAbsolutePath();
    Promtool.Result r = Promtool.run(null, base, "bash", "scripts/prometheus-e2e.sh",
        "--target", "127.0.0.1:" + target, "--prom-port", String.valueOf(prom), "--target-cmd", targetCmd);
    assertThat(r.output()).as(r.output()).contains("e2e: no alert fires while healthy")
        .contains("alertname=\"MdRotatorRotationFailing\"").contains("e2e: PASS");
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
