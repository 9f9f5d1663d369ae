package io.mdrotator.ha;

import io.mdrotator.demo.DemoEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Turns a demo environment into a cluster set-up: short-lived tokens, a shared JDBC store. */
final class ClusterFixture {
  private ClusterFixture() {}

  /** Rewrites the demo policy to {@code ttl} tokens renewed at half-life with a 2 s grace. */
  static void shortTokens(DemoEnvironment env, Duration ttl) throws IOException {
    Path policy = env.configFile().getParent().resolve("policy.yaml");
    Files.writeString(policy, Files.readString(policy)
        .replace("ttl: 60s", "ttl: " + ttl.toSeconds() + "s")
        .replace("renewBefore: 33%", "renewBefore: 50%")
        .replace("gracePeriod: 10s", "gracePeriod: 2s"));
  }

  /** Adds {@code n} read-write slots {@code x0..x(n-1)} to the demo policy's {@code etl_loader} account. */
  static void moreSlots(DemoEnvironment env, int n) throws IOException {
    Path policy = env.configFile().getParent().resolve("policy.yaml");
    String anchor = "- username: etl_loader\n    slots:\n";
    String text = Files.readString(policy);
    if (!text.contains(anchor)) {
      throw new IllegalStateException("demo policy changed; cannot find etl_loader's slots in " + policy);
    }
    StringBuilder extra = new StringBuilder(anchor);
    for (int i = 0; i < n; i++) {
      extra.append("      - name: x").append(i).append("\n        token_type: read_write\n");
    }
    Files.writeString(policy, text.replace(anchor, extra));
  }

  /** The demo config with the clustered JDBC store on {@code pg} under {@code tablePrefix}, 1 s check-in. */
  static String jdbcConfig(DemoEnvironment env, EmbeddedPostgres pg, String tablePrefix) throws IOException {
    return Files.readString(env.configFile()).replace("  threads: 4\n", """
          store: jdbc
          threads: 2
          jdbc:
            url: %s
            user: postgres
            tablePrefix: %s
            clusterCheckinInterval: 1s
        """.formatted(pg.getJdbcUrl("postgres", "postgres"), tablePrefix));
  }

  /** {@code config} with its metrics listener moved to a free loopback port (one per node). */
  static String onOwnMetricsPort(String config) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return config.replaceAll("listen: 127\\.0\\.0\\.1:\\d+", "listen: 127.0.0.1:" + s.getLocalPort());
    }
  }
}
