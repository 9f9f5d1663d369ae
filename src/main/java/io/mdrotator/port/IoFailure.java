package io.mdrotator.port;

/**
 * What went wrong when a call got no usable HTTP reply. The set is closed, so {@link #label()} can
 * be a metric label; the exception message carries the details (host, timeout, byte counts).
 */
public enum IoFailure {
  /** Nothing listened on the port (or a firewall rejected): the request was not sent. */
  CONNECTION_REFUSED("connection_refused", false),
  /** Another connect failure (no route, unresolvable host): the request was not sent. */
  CONNECT_FAILED("connect_failed", false),
  /** No TCP connection within the request timeout: the request was not sent. */
  CONNECT_TIMEOUT("connect_timeout", false),
  /** The client's own rate limiter had no permit within the retry budget: the request was not sent. */
  RATE_LIMIT_WAIT("rate_limit_wait", false),
  /**
   * The TLS handshake failed (certificate rejected, no common protocol, handshake cut off): no
   * HTTP request can have been read by the server.
   */
  TLS_HANDSHAKE("tls_handshake", false),
  /** Sent, but no reply within the request timeout: the server may still act on it. */
  REPLY_TIMEOUT("reply_timeout", true),
  /** Sent, then the connection was reset before a reply. */
  CONNECTION_RESET("connection_reset", true),
  /** Sent, then the connection was closed with no reply at all. */
  REPLY_DROPPED("reply_dropped", true),
  /** A status line arrived but the body was cut off: the server did process the request. */
  REPLY_TRUNCATED("reply_truncated", true),
  /** A status line arrived but the body was not complete by the request's deadline: the server did process it. */
  BODY_TIMEOUT("body_timeout", true),
  /** The reply was larger than the client reads: the server did process the request. */
  REPLY_TOO_LARGE("reply_too_large", true),
  /** The calling thread was interrupted while waiting; the request may have been sent. */
  INTERRUPTED("interrupted", true),
  /** An I/O error of another kind (e.g. TLS); the request may have been sent. */
  OTHER("io_error", true);

  private final String label;
  private final boolean mayHaveReachedServer;

  IoFailure(String label, boolean mayHaveReachedServer) {
    this.label = label;
    this.mayHaveReachedServer = mayHaveReachedServer;
  }

  /** A short snake_case name, stable across releases. */
  public String label() {
    return label;
  }

  /** False only when the request provably never left this process. */
  public boolean mayHaveReachedServer() {
    return mayHaveReachedServer;
  }
}
