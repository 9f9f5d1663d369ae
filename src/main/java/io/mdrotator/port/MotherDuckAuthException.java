package io.mdrotator.port;

import java.util.List;

/**
 * {@code 401} (admin token missing, invalid or expired) or {@code 403} (the token lacks Admin, or
 * the operation is not allowed for its target, e.g. a token for a human member: the message says).
 */
public class MotherDuckAuthException extends MotherDuckApiException {
  public MotherDuckAuthException(
      String operation, String username, int status, String code, String message, List<String> issues) {
    super(operation, username, status, code, message, issues, null);
  }

  public MotherDuckAuthException(String operation, String username, ErrorReply reply, int attempts) {
    super(operation, username, reply, attempts, null);
  }
}
