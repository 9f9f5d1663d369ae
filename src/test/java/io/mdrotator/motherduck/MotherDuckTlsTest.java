package io.mdrotator.motherduck;

import io.mdrotator.testing.HostileServer;
import io.mdrotator.port.IoFailure;
import io.mdrotator.port.MotherDuckIoException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.testing.TestCertificates;
import io.mdrotator.tls.TlsContexts;
import io.mdrotator.secret.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTPS to MotherDuck through the context {@code motherduck.tls} builds ({@link TlsContexts}): a
 * server speaking only TLS 1.3, or only 1.2, is reached; a certificate that is not trusted, or
 * that names another host, is a typed failure ({@link IoFailure#TLS_HANDSHAKE}, request not sent)
 * within the deadline; a client certificate is presented when the server demands one.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MotherDuckTlsTest {
  static final Secret ADMIN = Secret.of("admin-token-for-tls-tests");
  static final Duration DEADLINE = Duration.ofSeconds(2);
  static final String LIST = "{\"tokens\":[]}";

  static DaemonConfig.Tls tls(Path ca, Path cert, Path key) {
    return new DaemonConfig.Tls(Optional.ofNullable(ca), Optional.ofNullable(cert), Optional.ofNullable(key));
  }

  static MotherDuckClient client(HostileServer server, DaemonConfig.Tls tls) throws Exception {
    return MotherDuckClient.builder().baseUrl(server.uri("localhost")).adminToken(ADMIN).requestsPerSecond(0).maxRetries(0)
        .requestTimeout(DEADLINE).tls(TlsContexts.client(tls.caFile(), tls.clientCert(), tls.clientKey())).build();
  }

  static HostileServer server(String identity, boolean needClientAuth, String... protocols) throws Exception {
    SSLContext ctx = needClientAuth
        ? TestCertificates.shared(identity).serverContext(TestCertificates.shared("client").certificate())
        : TestCertificates.shared(identity).serverContext();
    return HostileServer.tls(ctx, List.of(protocols), needClientAuth, HostileServer.replyAndClose(200, "application/json", LIST));
  }

  @Test
  void aTls13OnlyServerIsReachedWithTheCaFile() throws Exception {
    try (HostileServer server = server("server", false, "TLSv1.3")) {
      assertThat(client(server, tls(TestCertificates.shared("server").certPem(), null, null)).listTokens("svc")).isEmpty();
      assertThat(server.protocols()).containsExactly("TLSv1.3");
    }
  }

  @Test
  void aTls12OnlyServerIsReachedToo() throws Exception {
    try (HostileServer server = server("server", false, "TLSv1.2")) {
      assertThat(client(server, tls(TestCertificates.shared("server").certPem(), null, null)).listTokens("svc")).isEmpty();
      assertThat(server.protocols()).containsExactly("TLSv1.2");
    }
  }

  /** Without the CA file only the JVM trust store counts, which does not hold the test CA. */
  @Test
  void anUntrustedCertificateIsATypedFailureWithinTheDeadline() throws Exception {
    try (HostileServer server = server("server", false)) {
      MotherDuckClient c = client(server, tls(null, null, null));
      long t0 = System.nanoTime();
      MotherDuckIoException e = catchThrowableOfType(() -> c.listTokens("svc"), MotherDuckIoException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(DEADLINE);
      assertThat(e.kind()).isEqualTo(IoFailure.TLS_HANDSHAKE);
      assertThat(e.mayHaveReachedServer()).isFalse();
      assertThat(e.getMessage()).startsWith("MotherDuck listTokens for 'svc' failed: GET /v1/users/{username}/tokens: "
          + "TLS handshake with localhost:" + server.uri("localhost").getPort() + " failed (SSLHandshakeException: PKIX path")
          .endsWith("; its certificate was rejected; the request was not sent")
          .doesNotContain(ADMIN.reveal());
      assertThat(server.requests()).isEmpty();
    }
  }

  /** The client pair's certificate names "client", not localhost: trusted, but for another host. */
  @Test
  void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
    try (HostileServer server = server("client", false)) {
      MotherDuckIoException e = catchThrowableOfType(
          () -> client(server, tls(TestCertificates.shared("client").certPem(), null, null)).listTokens("svc"), MotherDuckIoException.class);
      assertThat(e.kind()).isEqualTo(IoFailure.TLS_HANDSHAKE);
      assertThat(e.getMessage()).contains("No name matching localhost found").contains("its certificate was rejected");
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void theClientCertificateIsPresentedWhenTheServerDemandsOne() throws Exception {
    try (HostileServer server = server("server", true, "TLSv1.3")) {
      DaemonConfig.Tls mutual = tls(TestCertificates.shared("server").certPem(), TestCertificates.shared("client").certPem(), TestCertificates.shared("client").keyPem());
      assertThat(client(server, mutual).listTokens("svc")).isEmpty();
      assertThat(server.requests()).hasSize(1);

      assertThatThrownBy(() -> client(server, tls(TestCertificates.shared("server").certPem(), null, null)).listTokens("svc"))
          .isInstanceOf(MotherDuckIoException.class);
      assertThat(server.requests()).as("the request without a certificate was not served").hasSize(1);
    }
  }

  /** Host-name verification is not switchable: the JDK's switch stops the client from being built. */
  @Test
  void theJdkSwitchThatDisablesHostNameChecksIsRefused() {
    System.setProperty(ClientTls.NO_HOSTNAME_CHECK, "true");
    try {
      assertThatThrownBy(() -> MotherDuckClient.builder().adminToken(ADMIN).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("system property jdk.internal.httpclient.disableHostnameVerification is set: MotherDuck's"
              + " certificate would not be checked against its host name; remove it");
    } finally {
      System.clearProperty(ClientTls.NO_HOSTNAME_CHECK);
    }
    assertThat(MotherDuckClient.builder().adminToken(ADMIN).build()).isNotNull();
  }
}
