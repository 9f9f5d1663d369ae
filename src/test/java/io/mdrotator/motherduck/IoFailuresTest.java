package io.mdrotator.motherduck;

import io.mdrotator.port.IoFailure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Classification of the JDK client's exceptions, including ones the emulator cannot provoke. */
class IoFailuresTest {
  static final URI BASE = URI.create("https://api.motherduck.com");
  static final UnaryOperator<String> SCRUB = s -> s.replace("secret", "[redacted]");

  @Test
  void connectFailuresAreNotSent() {
    assertThat(IoFailures.classify(new HttpConnectTimeoutException("HTTP connect timed out"), 0))
        .isEqualTo(IoFailure.CONNECT_TIMEOUT);
    assertThat(IoFailures.classify(new ConnectException("Connection refused"), 0)).isEqualTo(IoFailure.CONNECTION_REFUSED);
    assertThat(IoFailures.classify(new ConnectException("No route to host"), 0)).isEqualTo(IoFailure.CONNECT_FAILED);
    for (IoFailure k : new IoFailure[] {IoFailure.CONNECT_TIMEOUT, IoFailure.CONNECTION_REFUSED, IoFailure.CONNECT_FAILED}) {
      assertThat(k.mayHaveReachedServer()).as(k.name()).isFalse();
    }
    assertThat(IoFailures.describe(IoFailure.CONNECT_TIMEOUT, new HttpConnectTimeoutException("x"), 0, BASE,
        Duration.ofSeconds(30), SCRUB)).isEqualTo("connecting to api.motherduck.com:443 timed out after 30s; the request was not sent");
    assertThat(IoFailures.describe(IoFailure.CONNECT_FAILED, new ConnectException("No route to host"), 0, BASE,
        Duration.ofSeconds(30), SCRUB))
        .isEqualTo("could not connect to api.motherduck.com:443 (ConnectException: No route to host); the request was not sent");
  }

  @Test
  void failuresAfterSendingAreTold() {
    assertThat(IoFailures.classify(new HttpTimeoutException("request timed out"), 0)).isEqualTo(IoFailure.REPLY_TIMEOUT);
    assertThat(IoFailures.classify(new IOException("x", new SocketException("Connection reset")), 0))
        .isEqualTo(IoFailure.CONNECTION_RESET);
    assertThat(IoFailures.classify(new IOException("header parser received no bytes", new EOFException()), 0))
        .isEqualTo(IoFailure.REPLY_DROPPED);
    // once a status line was read, any I/O error is a cut-off body, even a timeout or a reset
    assertThat(IoFailures.classify(new IOException("x", new SocketException("Connection reset")), 200))
        .isEqualTo(IoFailure.REPLY_TRUNCATED);
    assertThat(IoFailure.OTHER.mayHaveReachedServer()).isTrue();
  }

  /** The client throws SSLHandshakeException only before its handshake is done: nothing was sent. */
  @Test
  void tlsHandshakeFailuresAreNotSent() {
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(new java.security.cert.CertificateException("unable to find valid certification path"));
    assertThat(IoFailures.classify(untrusted, 0)).isEqualTo(IoFailure.TLS_HANDSHAKE);
    SSLHandshakeException cutOff = new SSLHandshakeException("Remote host terminated the handshake");
    cutOff.initCause(new EOFException("SSL peer shut down incorrectly"));
    assertThat(IoFailures.classify(new IOException("x", cutOff), 0)).isEqualTo(IoFailure.TLS_HANDSHAKE);
    assertThat(IoFailure.TLS_HANDSHAKE.mayHaveReachedServer()).isFalse();
    assertThat(IoFailures.describe(IoFailure.TLS_HANDSHAKE, untrusted, 0, BASE, Duration.ofSeconds(30), SCRUB))
        .isEqualTo("TLS handshake with api.motherduck.com:443 failed (SSLHandshakeException: PKIX path building failed);"
            + " its certificate was rejected; the request was not sent");
    assertThat(IoFailures.describe(IoFailure.TLS_HANDSHAKE, cutOff, 0, BASE, Duration.ofSeconds(30), SCRUB))
        .isEqualTo("TLS handshake with api.motherduck.com:443 failed (SSLHandshakeException: Remote host terminated"
            + " the handshake); the request was not sent");
  }

  /** Our own body limits win over the generic "cut off after a status line" reading. */
  @Test
  void bodyLimitsAreNamedWithWhatWasReceived() {
    IOException slow = new IOException("wrapped", new BoundedBody.TooSlow(Duration.ofSeconds(2), 3));
    assertThat(IoFailures.classify(slow, 200)).isEqualTo(IoFailure.BODY_TIMEOUT);
    assertThat(IoFailure.BODY_TIMEOUT.mayHaveReachedServer()).isTrue();
    assertThat(IoFailures.describe(IoFailure.BODY_TIMEOUT, slow, 200, BASE, Duration.ofSeconds(2), SCRUB))
        .isEqualTo("reply HTTP 200 body was not complete within the request timeout of 2s (3 bytes received)");
    IOException large = new IOException("wrapped", new BoundedBody.TooLarge(100, -1, 150));
    assertThat(IoFailures.classify(large, 200)).isEqualTo(IoFailure.REPLY_TOO_LARGE);
    assertThat(IoFailures.describe(IoFailure.REPLY_TOO_LARGE, large, 200, BASE, Duration.ofSeconds(2), SCRUB))
        .isEqualTo("reply HTTP 200 is larger than the 100-byte limit (150 bytes received before it was dropped)");
  }

  @Test
  void quotedJdkTextIsScrubbed() {
    assertThat(IoFailures.describe(IoFailure.OTHER, new IOException("saw secret"), 0, BASE, Duration.ofSeconds(1), SCRUB))
        .isEqualTo("I/O error (IOException: saw [redacted])");
  }

  @Test
  void labelsAreDistinctSnakeCase() {
    assertThat(java.util.Arrays.stream(IoFailure.values()).map(IoFailure::label).distinct().count())
        .isEqualTo(IoFailure.values().length);
    assertThat(IoFailure.values()).allSatisfy(k -> assertThat(k.label()).matches("[a-z_]+"));
  }
}
