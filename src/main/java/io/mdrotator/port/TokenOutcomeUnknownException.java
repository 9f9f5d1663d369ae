package io.mdrotator.port;

import java.util.List;

/**
 * A create-token request may have reached MotherDuck but no reply says whether a token was minted
 * (timeout after sending, connection reset or dropped, truncated or malformed reply, or a 5xx that a
 * gateway may send after the backend minted). A token may or may not exist: reconcile by listing
 * tokens and matching the requested {@link #tokenName()}; never retry blindly. The message names
 * the cause (e.g. {@code HTTP 503: ...} or {@code connection closed ... with no reply}); the cause
 * exception carries its structured form.
 */
public class TokenOutcomeUnknownException extends MotherDuckApiException {
  private final String tokenName;

  /** {@code cause}: the client's exception for the call, or null when there is none to name. */
  public TokenOutcomeUnknownException(String username, String tokenName, Throwable cause) {
    super("createToken", username,
        new ErrorReply(0, null, "outcome unknown for token '" + tokenName + "' (a token may exist; list the tokens to"
            + " find it): " + causeSummary(cause), List.of()),
        0, cause);
    this.tokenName = tokenName;
  }

  private static String causeSummary(Throwable cause) {
    if (cause instanceof MotherDuckApiException e) {
      return e.summary();
    }
    return "reply lost or unreadable after the request was sent";
  }

  /** The name sent in the request, to find the token (if any) in the token list. */
  public String tokenName() {
    return tokenName;
  }
}
