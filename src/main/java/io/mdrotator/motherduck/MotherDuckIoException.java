package io.mdrotator.motherduck;

import java.util.List;

/**
 * No HTTP reply was read (connect failure, reset, timeout, truncated body, client-side rate-limit
 * wait exceeded). {@link #mayHaveReachedServer()} tells whether the server may have acted on it.
 */
public class MotherDuckIoException extends MotherDuckApiException {
  private final boolean mayHaveReachedServer;

  public MotherDuckIoException(
      String operation, String username, String message, boolean mayHaveReachedServer, Throwable cause) {
    super(operation, username, 0, null, message, List.of(), cause);
    this.mayHaveReachedServer = mayHaveReachedServer;
  }

  /** False only when the request provably never left this process or never connected. */
  public boolean mayHaveReachedServer() {
    return mayHaveReachedServer;
  }
}
