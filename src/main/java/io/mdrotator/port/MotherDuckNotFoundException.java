package io.mdrotator.port;

import java.util.List;

/** {@code 404} with {@code code: NOT_FOUND}: the user or token does not exist (any more). */
public class MotherDuckNotFoundException extends MotherDuckApiException {
  public MotherDuckNotFoundException(
      String operation, String username, String message, List<String> issues) {
    super(operation, username, 404, "NOT_FOUND", message, issues, null);
  }

  public MotherDuckNotFoundException(String operation, String username, ErrorReply reply, int attempts) {
    super(operation, username, reply, attempts, null);
  }
}
