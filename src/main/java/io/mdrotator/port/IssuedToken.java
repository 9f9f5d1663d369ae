package io.mdrotator.port;

import io.mdrotator.secret.Secret;
import java.util.Objects;

/** The reply to create-token: the metadata and the secret, which MotherDuck shows only once. */
public record IssuedToken(TokenInfo info, Secret secret) {
  public IssuedToken {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(secret, "secret");
  }
}
