package io.mdrotator.port;

import java.util.Map;

/**
 * Key metadata: {@code currentVersion} (0 for a metadata-only entry), {@code oldestVersion},
 * {@code maxVersions}, {@code casRequired} and the {@code custom_metadata} map (empty when null).
 */
public record KvMetadata(
    long currentVersion,
    long oldestVersion,
    int maxVersions,
    boolean casRequired,
    Map<String, String> customMetadata) {
  public KvMetadata {
    customMetadata = Map.copyOf(customMetadata);
  }
}
