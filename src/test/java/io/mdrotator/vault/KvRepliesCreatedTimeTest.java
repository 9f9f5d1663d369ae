package io.mdrotator.vault;

import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultStoreException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A KV read whose {@code metadata.created_time} is not an RFC 3339 instant is a typed malformed
 * reply naming the operation and path (one line for the operator), never a raw
 * {@code DateTimeParseException} with its stack.
 */
class KvRepliesCreatedTimeTest {
  private static JsonNode reply(String createdTime) {
    return JsonReplies.JSON.readTree("{\"data\":{\"data\":{\"token\":\"x\"},\"metadata\":{\"version\":3,"
        + "\"created_time\":\"" + createdTime + "\"}}}");
  }

  @Test
  void aValidCreatedTimeIsParsed() {
    KvVersion v = KvReplies.version(reply("2026-12-07T16:21:05.123456789Z"), "read", "secret/data/motherduck/etl/rw");
    assertThat(v.createdTime()).isEqualTo(Instant.parse("2026-12-07T16:21:05.123456789Z"));
    assertThat(v.version()).isEqualTo(3);
  }

  @Test
  void aMalformedCreatedTimeIsATypedMalformedReplyNamingThePath() {
    assertThatThrownBy(() -> KvReplies.version(reply("yesterday at noon"), "read", "secret/data/motherduck/etl/rw"))
        .isInstanceOf(VaultMalformedReplyException.class)
        .isInstanceOf(VaultStoreException.class)
        .hasNoCause()
        .hasMessage("Vault read of 'secret/data/motherduck/etl/rw' failed: metadata.created_time is not an RFC 3339 instant")
        .satisfies(e -> assertThat(((VaultStoreException) e).status()).isZero());
  }
}
