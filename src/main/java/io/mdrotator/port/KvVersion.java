package io.mdrotator.port;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** One readable version of a key, with the key's {@code custom_metadata} as Vault echoes it. */
public record KvVersion(
    long version, KvData data, Instant createdTime, Map<String, String> customMetadata) {
  public KvVersion {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(createdTime, "createdTime");
    customMetadata = Map.copyOf(customMetadata);
  }
}
