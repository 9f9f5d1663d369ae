package io.mdrotator.vault;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import static io.mdrotator.testing.HostileServer.json;
import static io.mdrotator.testing.HostileServer.route;
import static io.mdrotator.vault.VaultHostileServerTest.LOOKUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.secret.Secret;
import io.mdrotator.testing.HostileServer;
import io.mdrotator.testing.TestCertificates;
import io.mdrotator.testing.TestCertificates.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS built by {@link VaultTls}: TLS 1.3 and 1.2 servers both work (the driver's context was
 * pinned to 1.2), every certificate of a CA bundle is trusted (the driver took the first),
 * an untrusted server certificate is a typed, non-retried failure, and bad files are named.
 */
@Timeout(60)
class VaultTlsHardeningTest {
  @TempDir static Path dir;
  static Identity server;
  static Identity stranger;

  @BeforeAll
  static void identities() throws Exception {
    server = TestCertificates.ec(dir, "server");
    stranger = TestCertificates.ec(dir, "stranger");
  }

  private static final HostileServer.Script VAULT = route(json(404, "{\"errors\":[]}"),
      "GET /v1/auth/token/lookup-self", json(200, LOOKUP));

  private static VaultKvStore store(HostileServer s, Path ca, int retries) {
    return VaultKvStore.builder().address(s.uri()).auth(VaultAuth.token(Secret.of("t")))
        .tls(ca, null, null).readTimeout(Duration.ofSeconds(3)).readRetries(retries, Duration.ofMillis(50)).build();
  }

  @Test
  void aTls13OnlyServerIsReached() throws Exception {
    try (HostileServer s = HostileServer.tls(server.serverContext(), List.of("TLSv1.3"), VAULT)) {
      assertThat(store(s, server.certPem(), 0).readLatest("p")).isEmpty();
    }
  }

  @Test
  void aTls12OnlyServerIsReached() throws Exception {
    try (HostileServer s = HostileServer.tls(server.serverContext(), List.of("TLSv1.2"), VAULT)) {
      assertThat(store(s, server.certPem(), 0).readLatest("p")).isEmpty();
    }
  }

  @Test
  void everyCertificateOfACaBundleIsTrusted() throws Exception {
    Path bundle = dir.resolve("bundle.pem");
    // with the comments and names of a curl-style cacert.pem around the blocks
    Files.writeString(bundle, "## Bundle of CA Root Certificates\n\nStranger CA\n===========\n"
        + Files.readString(stranger.certPem()) + "\nServer CA\n=========\n" + Files.readString(server.certPem()));
    try (HostileServer s = HostileServer.tls(server.serverContext(), List.of("TLSv1.3"), VAULT)) {
      assertThat(store(s, bundle, 0).readLatest("p")).isEmpty();
    }
  }

  @Test
  void anUntrustedCertificateIsATypedFailureThatIsNotRetried() throws Exception {
    try (HostileServer s = HostileServer.tls(stranger.serverContext(), List.of("TLSv1.3", "TLSv1.2"), VAULT)) {
      long start = System.nanoTime();
      VaultTlsException e = catchThrowableOfType(() -> store(s, server.certPem(), 2).readLatest("p"), VaultTlsException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains("lookup-self", "server certificate not accepted");
      assertThat(e.isTransient()).isFalse();
      assertThat(s.connections()).as("not retried").isEqualTo(1);
      assertThat(s.requests()).as("no request sent over an unverified connection").isEmpty();
    }
  }

  @Test
  void theJvmTrustStoreDoesNotTrustASelfSignedServer() throws Exception {
    try (HostileServer s = HostileServer.tls(server.serverContext(), List.of("TLSv1.3"), VAULT)) {
      assertThatThrownBy(() -> store(s, null, 0).readLatest("p")).isInstanceOf(VaultTlsException.class);
    }
  }

  @Test
  void aMissingOrUnusableCaFileIsNamed() throws Exception {
    Path missing = dir.resolve("missing.pem");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
    assertThatThrownBy(() -> VaultTls.fromFiles(missing, null, null)).isInstanceOf(VaultTlsException.class)
        .hasMessageContaining("CA file " + missing).hasMessageContaining(missing + ": no such file")
        .satisfies(e -> assertThat(((VaultTlsException) e).file()).contains(missing));
    assertThatThrownBy(() -> VaultTls.fromFiles(garbage, null, null)).isInstanceOf(VaultTlsException.class)
        .hasMessageContaining("CA file " + garbage).hasMessageContaining("not a PEM file");
    Path broken = Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> VaultTls.fromFiles(broken, null, null)).isInstanceOf(VaultTlsException.class)
        .hasMessageContaining("CA file " + broken).hasMessageContaining("is not a valid X.509 certificate");
  }

  @Test
  void aClientKeyInTheWrongFormatOrOfAnotherCertificateIsNamed() throws Exception {
    Path pkcs1 = Files.writeString(dir.resolve("pkcs1.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> VaultTls.fromFiles(null, server.certPem(), pkcs1)).isInstanceOf(VaultTlsException.class)
        .hasMessageContaining("client key file " + pkcs1).hasMessageContaining("openssl pkcs8 -topk8")
        .hasMessageNotContaining("MIIB");
    assertThatThrownBy(() -> VaultTls.fromFiles(null, server.certPem(), stranger.keyPem())).isInstanceOf(VaultTlsException.class)
        .hasMessageContaining("client key file " + stranger.keyPem())
        .hasMessageContaining("is not the key of the certificate in " + server.certPem());
  }

  /** The driver read RSA client keys only; an EC key pair works here. */
  @Test
  void presentsAnEcClientCertificate() throws Exception {
    Identity client = TestCertificates.ec(dir, "client-ec");
    VaultEmulatorOptions opts = VaultEmulatorOptions.defaults().tls(server.serverContext(client.certificate()))
        .requireClientCertificate(true);
    try (VaultEmulator vault = VaultEmulator.start(opts)) {
      VaultKvStore kv = VaultKvStore.builder().address(vault.address()).auth(VaultAuth.token(vault.rootToken()))
          .tls(server.certPem(), client.certPem(), client.keyPem()).readRetries(0, Duration.ZERO).build();
      assertThat(kv.writeCas("tls/ec", KvData.of(Map.of("k", "v")), 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
    }
  }
}
