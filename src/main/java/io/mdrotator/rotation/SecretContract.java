package io.mdrotator.rotation;

import io.mdrotator.port.IssuedToken;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvVersion;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The Vault secret consumers read at a slot's {@code vaultPath}: {@code token}, {@code token_id},
 * {@code token_name}, {@code token_type}, {@code username}, {@code expires_at} (RFC 3339, absent if
 * never), {@code created_at}, plus {@code slot} and {@code rotation_id}. The key's {@code
 * custom_metadata} carries {@code managed-by=md-rotator} and {@code slot}.
 */
public final class SecretContract {
  public static final String TOKEN = "token";
  public static final String TOKEN_ID = "token_id";
  public static final String TOKEN_NAME = "token_name";
  public static final String TOKEN_TYPE = "token_type";
  public static final String USERNAME = "username";
  public static final String EXPIRES_AT = "expires_at";
  public static final String CREATED_AT = "created_at";
  public static final String SLOT = "slot";
  public static final String ROTATION_ID = "rotation_id";
  public static final String MANAGED_BY = "managed-by";
  public static final String MANAGER = "md-rotator";

  private SecretContract() {}

  static KvData secretData(SlotPolicy slot, String rotationId, IssuedToken issued) {
    KvData.Builder b =
        KvData.builder()
            .putSecret(TOKEN, issued.secret())
            .put(TOKEN_ID, issued.info().id())
            .put(TOKEN_NAME, issued.info().name())
            .put(TOKEN_TYPE, issued.info().type().wire())
            .put(USERNAME, slot.id().username())
            .put(CREATED_AT, issued.info().createdAt().toString())
            .put(SLOT, slot.id().slot())
            .put(ROTATION_ID, rotationId);
    issued.info().expiresAt().ifPresent(e -> b.put(EXPIRES_AT, e.toString()));
    return b.build();
  }

  static Map<String, String> customMetadata(SlotPolicy slot) {
    return Map.of(MANAGED_BY, MANAGER, SLOT, slot.id().toString());
  }

  /** The served token of a KV version; empty when the version has no {@code token_id}. */
  static Optional<ServedToken> served(KvVersion v) {
    Optional<String> id = v.data().get(TOKEN_ID).filter(s -> !s.isBlank());
    if (id.isEmpty() || v.data().secret(TOKEN).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ServedToken(
            v.version(),
            id.get(),
            v.data().get(TOKEN_NAME).orElse(""),
            v.data().get(TOKEN_TYPE).flatMap(SecretContract::type),
            v.data().get(EXPIRES_AT).flatMap(SecretContract::instant),
            v.createdTime()));
  }

  private static Optional<TokenType> type(String wire) {
    try {
      return Optional.of(TokenType.fromWire(wire));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // an unknown type in Vault only means "rotate to the policy's type"
    }
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty(); // expiry is taken from MotherDuck's listing; Vault's copy is advisory
    }
  }
}
