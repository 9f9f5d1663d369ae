package io.mdrotator.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.policy.PolicyException;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.rotation.RotationListener;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up parses the policy while it builds the rest: an invalid policy still fails the start with
 * its problems, and whatever was built meanwhile is closed (the metrics port is free again).
 */
class DaemonStartTest {
  @TempDir Path dir;

  @Test
  void invalidPolicyFailsTheStartAndReleasesTheMetricsPort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("policy.yaml"), "version: 1\naccounts: 5\n");
    Files.writeString(dir.resolve("admin-token"), "x".repeat(40));
    Files.writeString(dir.resolve("vault-token"), "y".repeat(40));
    Files.writeString(dir.resolve("md-rotator.yaml"), """
        policyFile: policy.yaml
        motherduck:
          apiUrl: http://127.0.0.1:9
          adminToken: {file: admin-token}
        vault:
          address: http://127.0.0.1:9
          auth:
            method: token
            token: {file: vault-token}
        metrics:
          listen: 127.0.0.1:%d
        """.formatted(port));
    DaemonConfig config = ConfigLoader.load(dir.resolve("md-rotator.yaml"));

    assertThatThrownBy(() -> Daemon.start(config, Map.of(), Clock.systemUTC(), RotationListener.NOOP, SignalHook.NONE))
        .isInstanceOf(PolicyException.class)
        .satisfies(e -> assertThat(((PolicyException) e).problems()).isNotEmpty());
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }
}
