package io.mdrotator.vault;

import io.mdrotator.port.VaultStoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Thrown by {@link BoundedHttpClient} out of {@code send} when an exchange passed its deadline or
 * its body passed the size cap; an {@link IOException} so it travels through the driver's REST
 * layer and API (which wrap it) to {@link VaultErrors}, which turns it into
 * {@link VaultDeadlineExceededException} or {@link VaultReplyTooLargeException}. The message names
 * the request (method and path: no query, no header, so no token) and what was received.
 */
final class ReplyLimitExceeded extends IOException {
  private final boolean deadline;
  private final Duration limitTime;
  private final long limitBytes;
  private final long received;

  private ReplyLimitExceeded(String message, boolean deadline, Duration limitTime, long limitBytes, long received,
      Throwable cause) {
    super(message, cause);
    this.deadline = deadline;
    this.limitTime = limitTime;
    this.limitBytes = limitBytes;
    this.received = received;
  }

  /**
   * {@code status} 0: no headers came in time; otherwise the headers came and the body did not
   * finish ({@code received} bytes of it).
   */
  static ReplyLimitExceeded deadline(String request, Duration limit, Duration elapsed, int status, long received,
      Throwable cause) {
    String got = status == 0 ? "no reply headers" : "HTTP " + status + " headers and " + received + " body bytes";
    return new ReplyLimitExceeded(request + ": deadline of " + seconds(limit) + " exceeded (connect, headers and body): "
        + got + " in " + seconds(elapsed), true, limit, 0, received, cause);
  }

  /** {@code received} 0 with {@code announced} set: refused on its {@code Content-Length} alone. */
  static ReplyLimitExceeded tooLarge(String request, long limit, int status, long announced, long received,
      Duration elapsed) {
    String got = announced > limit && received == 0
        ? "Content-Length " + announced + " announced"
        : "more than the limit received (" + received + " bytes) in " + seconds(elapsed);
    return new ReplyLimitExceeded(request + ": HTTP " + status + " reply body over the limit of " + limit + " bytes: "
        + got + "; reading stopped", false, null, limit, received, null);
  }

  VaultStoreException toStoreException(String operation, String path) {
    return deadline
        ? new VaultDeadlineExceededException(operation, path, getMessage(), limitTime, received, null)
        : new VaultReplyTooLargeException(operation, path, getMessage(), limitBytes, received, null);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
