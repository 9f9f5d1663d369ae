package io.mdrotator.motherduck;

import java.util.List;

/**
 * A create-token request may have reached MotherDuck but no reply was read (timeout after sending,
 * connection reset, truncated body). A token may or may not exist: reconcile by listing tokens and
 * matching the requested {@link #tokenName()}; never retry blindly.
 */
public class TokenOutcomeUnknownException extends MotherDuckApiException {
  private final String tokenName;

  public TokenOutcomeUnknownException(String username, String tokenName, Throwable cause) {
    super(
        "createToken",
        username,
        0,
        null,
        "outcome unknown for token '" + tokenName + "': reply lost or unreadable after the request was sent",
        List.of(),
        cause);
    this.tokenName = tokenName;
  }

  /** The name sent in the request, to find the token (if any) in the token list. */
  public String tokenName() {
    return tokenName;
  }
}
