package io.mdrotator.vault;

import static io.mdrotator.testing.HostileServer.json;
import static io.mdrotator.testing.HostileServer.route;
import static io.mdrotator.vault.VaultHostileServerTest.LOOKUP;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.ChildJvm;
import io.mdrotator.testing.HostileServer;
import io.mdrotator.testing.TestCertificates;
import io.mdrotator.testing.TestCertificates.Identity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code VAULT_SSL_VERIFY=false} and {@code VAULT_SSL_CERT=<another CA>} in the environment change
 * nothing. The environment cannot be set in-process, so a child JVM runs {@link TlsEnvironmentProbe}
 * with both set against two local TLS servers. With the driver's {@code SslConfig} (before
 * {@link VaultTls}), the first variable dropped the configured CA (the trusted server failed) and
 * the second made the stray CA trusted (the stranger was reached).
 */
@Timeout(120)
class VaultTlsEnvironmentTest {
  @TempDir Path dir;

  @Test
  void vaultSslVariablesChangeNothing() throws Exception {
    Identity server = TestCertificates.ec(dir, "server");
    Identity stranger = TestCertificates.ec(dir, "stranger");
    HostileServer.Script vault = route(json(404, "{\"errors\":[]}"), "GET /v1/auth/token/lookup-self", json(200, LOOKUP));
    try (HostileServer trusted = HostileServer.tls(server.serverContext(), List.of("TLSv1.3"), vault);
        HostileServer other = HostileServer.tls(stranger.serverContext(), List.of("TLSv1.3"), vault)) {
      ProcessBuilder pb = ChildJvm.of("64m", TlsEnvironmentProbe.class.getName(),
          trusted.uri().toString(), server.certPem().toString(), other.uri().toString());
      pb.environment().put("VAULT_SSL_VERIFY", "false");
      pb.environment().put("VAULT_SSL_CERT", stranger.certPem().toString());
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();

      Map<String, String> results = new LinkedHashMap<>();
      out.lines().filter(l -> l.startsWith("RESULT ")).map(l -> l.split(" ")).forEach(f -> results.put(f[1], f[2]));
      assertThat(results).as(out).containsExactly(
          Map.entry("driver-sslconfig-verify", "false"), // the variables reached the child
          Map.entry("configured-ca-to-trusted", "ok"),
          Map.entry("configured-ca-to-stranger", "VaultTlsException"),
          Map.entry("jvm-trust-to-stranger", "VaultTlsException"));
    }
  }
}
