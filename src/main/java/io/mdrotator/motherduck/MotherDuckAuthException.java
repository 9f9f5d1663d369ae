package io.mdrotator.motherduck;

import java.util.List;

/** {@code 401} (admin token missing, invalid or expired) or {@code 403} (token lacks Admin). */
public class MotherDuckAuthException extends MotherDuckApiException {
  public MotherDuckAuthException(
      String operation, String username, int status, String code, String message, List<String> issues) {
    super(operation, username, status, code, message, issues, null);
  }
}
