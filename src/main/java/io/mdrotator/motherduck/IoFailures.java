package io.mdrotator.motherduck;

import io.mdrotator.port.IoFailure;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLHandshakeException;

/**
 * Classifies and describes the {@link IOException} of one attempt. The JDK client's exception
 * types are the main evidence; its messages are used only as a hint ("refused", "reset"), since
 * they are not a stable contract, and a failure nothing recognises is {@link IoFailure#OTHER} with
 * its class and (scrubbed) message.
 */
final class IoFailures {
  private IoFailures() {}

  /** {@code replyStatus}: the status line's code when one was read before the failure, else 0. */
  static IoFailure classify(IOException e, int replyStatus) {
    if (BoundedBody.isTooLarge(e)) {
      return IoFailure.REPLY_TOO_LARGE;
    }
    if (has(e, BoundedBody.TooSlow.class)) {
      return IoFailure.BODY_TIMEOUT;
    }
    if (e instanceof HttpConnectTimeoutException) {
      return IoFailure.CONNECT_TIMEOUT;
    }
    if (e instanceof ConnectException) {
      return refused(e) ? IoFailure.CONNECTION_REFUSED : IoFailure.CONNECT_FAILED;
    }
    if (has(e, SSLHandshakeException.class)) {
      // the client throws this only while its own handshake is unfinished: nothing was sent
      return IoFailure.TLS_HANDSHAKE;
    }
    if (replyStatus > 0) {
      return IoFailure.REPLY_TRUNCATED;
    }
    if (e instanceof HttpTimeoutException) {
      return IoFailure.REPLY_TIMEOUT;
    }
    // The blocking socket says SocketException "Connection reset"; the HttpClient's NIO channels
    // throw a plain IOException "Connection reset by peer" (or "Broken pipe" when the reset lands
    // while the request is still being written): all are the peer resetting the connection.
    if (chainMentions(e, IOException.class, "reset") || chainMentions(e, IOException.class, "broken pipe")) {
      return IoFailure.CONNECTION_RESET;
    }
    return has(e, EOFException.class) || has(e, ClosedChannelException.class) ? IoFailure.REPLY_DROPPED : IoFailure.OTHER;
  }

  /**
   * What happened, for the exception message: names the host, the timeout or the status seen,
   * never request or reply content. {@code scrub} cleans any JDK message that is quoted.
   */
  static String describe(IoFailure kind, IOException e, int replyStatus, URI base, Duration timeout,
      UnaryOperator<String> scrub) {
    String host = base.getHost() + ":" + port(base);
    return switch (kind) {
      case CONNECTION_REFUSED -> "connection refused by " + host + "; the request was not sent";
      case CONNECT_FAILED -> "could not connect to " + host + " (" + what(e, scrub) + "); the request was not sent";
      case CONNECT_TIMEOUT -> "connecting to " + host + " timed out after " + human(timeout) + "; the request was not sent";
      case REPLY_TIMEOUT -> "no reply within the request timeout of " + human(timeout) + " after the request was sent";
      case CONNECTION_RESET -> "connection reset by " + host + " before a reply, after the request was sent";
      case REPLY_DROPPED -> "connection closed by " + host + " with no reply after the request was sent";
      case TLS_HANDSHAKE -> "TLS handshake with " + host + " failed (" + what(e, scrub) + ")"
          + (has(e, CertificateException.class) ? "; its certificate was rejected" : "") + "; the request was not sent";
      case REPLY_TRUNCATED -> "reply HTTP " + replyStatus + " cut off while reading its body (" + what(e, scrub) + ")";
      // a reply was received, so the server processed the request (a create did mint)
      case BODY_TIMEOUT -> "reply HTTP " + replyStatus + " " + ownText(e, BoundedBody.TooSlow.class);
      case REPLY_TOO_LARGE -> "reply HTTP " + replyStatus + " " + ownText(e, BoundedBody.TooLarge.class);
      case INTERRUPTED -> "interrupted while waiting for the reply";
      case RATE_LIMIT_WAIT, OTHER -> "I/O error (" + what(e, scrub) + ")";
    };
  }

  /** The message of our own exception in the chain (it holds no server text). */
  private static String ownText(Throwable e, Class<? extends IOException> type) {
    IOException own = BoundedBody.find(e, type);
    return own != null ? own.getMessage() : "(" + e.getClass().getSimpleName() + ")";
  }

  /** {@code 300ms}, {@code 30s}: how a timeout is printed. */
  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static String what(Throwable e, UnaryOperator<String> scrub) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + scrub.apply(e.getMessage()));
  }

  private static int port(URI base) {
    return base.getPort() >= 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
  }

  /** The JDK reports a refused connect as ConnectException, with "refused" or with no message at all. */
  private static boolean refused(IOException e) {
    boolean anyMessage = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        anyMessage = true;
        if (t.getMessage().toLowerCase(Locale.ROOT).contains("refused")) {
          return true;
        }
      }
    }
    return !anyMessage;
  }

  private static boolean chainMentions(Throwable e, Class<? extends Throwable> type, String word) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t) && t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(word)) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
