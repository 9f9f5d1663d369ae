package io.mdrotator.port;

import java.util.List;

/**
 * No usable HTTP reply was read (connect failure, reset, timeout, dropped or truncated reply,
 * client-side rate-limit wait exceeded). {@link #kind()} says which; the message says what
 * happened in words (host, timeout, attempts), never request or reply content.
 * {@link #mayHaveReachedServer()} tells whether the server may have acted on the request.
 */
public class MotherDuckIoException extends MotherDuckApiException {
  private final IoFailure kind;
  private final boolean mayHaveReachedServer;

  /** A failure of kind {@link IoFailure#OTHER} described by {@code message}; attempts not recorded. */
  public MotherDuckIoException(
      String operation, String username, String message, boolean mayHaveReachedServer, Throwable cause) {
    super(operation, username, 0, null, message, List.of(), cause);
    this.kind = IoFailure.OTHER;
    this.mayHaveReachedServer = mayHaveReachedServer;
  }

  /** {@code detail}: what happened; {@code attempts}: HTTP attempts made, 0 when not recorded. */
  public MotherDuckIoException(
      String operation, String username, IoFailure kind, String detail, int attempts, Throwable cause) {
    super(operation, username, new ErrorReply(0, null, detail, List.of()), attempts, cause);
    this.kind = kind;
    this.mayHaveReachedServer = kind.mayHaveReachedServer();
  }

  /** What went wrong, as a closed set (usable as a metric label through {@link IoFailure#label()}). */
  public IoFailure kind() {
    return kind;
  }

  /** False only when the request provably never left this process or never connected. */
  public boolean mayHaveReachedServer() {
    return mayHaveReachedServer;
  }
}
