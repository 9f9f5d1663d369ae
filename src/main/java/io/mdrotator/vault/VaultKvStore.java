package io.mdrotator.vault;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultSealedException;
import io.mdrotator.port.VaultStoreException;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.rest.Rest;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@link KvStore} on a KV v2 mount through vault-java-driver 6.2.1: reads and check-and-set
 * writes through its REST layer ({@code Rest}, parsed once by {@link KvReplies}), custom-metadata
 * writes and deletes through its API; token calls are {@link VaultSession}'s. Every exchange is
 * bounded by the connection (deadline, reply cap) and every reply status is checked; reads are
 * retried on transient faults, writes never: a CAS write whose reply was lost (or a 5xx, a passed
 * deadline, a malformed reply) is resolved by re-reading. Build with {@link #builder()}.
 */
public final class VaultKvStore implements KvStore {
  static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";

  private final String mount;
  private final KvPaths paths;
  private final LostWriteResolver lostWrites;
  private final VaultSession session;
  private final DriverCalls calls;
  private final RetryPolicy<Object> readRetry;

  VaultKvStore(String mount, VaultSession session, DriverCalls calls, RetryPolicy<Object> readRetry) {
    this.mount = mount;
    this.paths = new KvPaths(mount);
    this.lostWrites = new LostWriteResolver(this, paths);
    this.session = session;
    this.calls = calls;
    this.readRetry = readRetry;
  }

  public static VaultKvStoreBuilder builder() {
    return new VaultKvStoreBuilder();
  }

  /** The session, for token maintenance from a scheduler and the token-expiry metric. */
  public VaultSession session() {
    return session;
  }

  /** Expiry of the daemon's Vault token (for a metric); empty if unknown or non-expiring. */
  public Optional<Instant> tokenExpiry() {
    return session.tokenExpiry();
  }

  @Override
  public Optional<KvVersion> readLatest(String path) {
    return retried(() -> read("read", path, null));
  }

  @Override
  public Optional<KvVersion> readVersion(String path, long version) {
    if (version <= 0 || version > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("version must be in 1.." + Integer.MAX_VALUE + ", was " + version);
    }
    return retried(() -> read("read-version", path, (int) version));
  }

  private Optional<KvVersion> read(String op, String path, Integer version) {
    return session.withClients(c -> readWith(c, op, path, version));
  }

  private Optional<KvVersion> readWith(VaultSession.Clients c, String op, String path, Integer version) {
    return get(c, op, paths.full(path), paths.data(path), version).map(root -> KvReplies.version(root, op, paths.full(path)));
  }

  /**
   * GET of {@code apiPath} ({@code ?version=} when given): empty on 404, the well-formed body on
   * 200, a typed exception naming {@code label} otherwise.
   */
  private Optional<JsonNode> get(VaultSession.Clients c, String op, String label,
      String apiPath, Integer version) {
    RestResponse r = calls.rest(op, label, () -> {
      Rest rest = session.connection().rest(c.token(), apiPath);
      return (version == null ? rest : rest.parameter("version", version.toString())).get();
    });
    if (r.getStatus() == 404) {
      return Optional.empty();
    }
    if (r.getStatus() != 200) {
      throw VaultErrors.fromResponse(op, label, r);
    }
    return Optional.of(KvReplies.wellFormed(r, op, label));
  }

  @Override
  public CasResult writeCas(String path, KvData data, long expectedVersion) {
    Objects.requireNonNull(data, "data");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must be >= 0, was " + expectedVersion);
    }
    return session.withClients(c -> writeCasWith(c, path, data, expectedVersion));
  }

  private CasResult writeCasWith(VaultSession.Clients c, String path, KvData data, long expectedVersion) {
    String full = paths.full(path);
    byte[] body = KvReplies.casBody(data, expectedVersion);
    RestResponse r;
    try {
      r = calls.rest("write-cas", full, () -> session.connection().rest(c.token(), paths.data(path)).body(body).post());
    } catch (VaultStoreException e) {
      return lostWrites.resolve(path, data, expectedVersion, e);
    }
    int status = r.getStatus();
    if (status == 200) {
      try {
        return KvReplies.written(r, "write-cas", full);
      } catch (VaultStoreException e) {
        return lostWrites.resolve(path, data, expectedVersion, e);
      }
    }
    String errors = VaultErrors.errorsOf(r.getBody());
    if (status == 400 && errors.contains(CAS_MISMATCH)) {
      return new CasResult.Conflict(expectedVersion, currentVersion(path));
    }
    VaultStoreException refused = VaultErrors.fromStatus("write-cas", full, status, errors, null);
    if (status >= 500 && !(refused instanceof VaultSealedException)) {
      return lostWrites.resolve(path, data, expectedVersion, refused); // e.g. a proxy's 502: applied or not
    }
    throw refused;
  }

  private long currentVersion(String path) {
    return readMetadata(path).map(KvMetadata::currentVersion).orElse(0L);
  }

  @Override
  public Optional<KvMetadata> readMetadata(String path) {
    String p = paths.metadata(path);
    return retried(() -> session.withClients(c -> get(c, "read-metadata", p, p, null).map(KvReplies::metadata)));
  }

  @Override
  public void writeCustomMetadata(String path, Map<String, String> customMetadata) {
    String p = paths.metadata(path);
    JsonObject custom = Json.object();
    customMetadata.forEach(custom::add);
    session.withClients(c -> {
      LogicalResponse r = calls.run("write-metadata", p,
          () -> c.raw().logical().write(p, Map.of("custom_metadata", custom)));
      int status = r.getRestResponse().getStatus();
      if (status != 204 && status != 200) {
        throw VaultErrors.fromResponse("write-metadata", p, r.getRestResponse());
      }
      return null;
    });
  }

  /**
   * Soft-deletes the latest version with {@code DELETE /v1/<mount>/data/<path>} through the raw
   * client: the driver's KV v2 {@code delete(path)} would hit {@code metadata/} and wipe every version.
   */
  @Override
  public void softDeleteLatest(String path) {
    String p = paths.data(path);
    session.withClients(c -> calls.run("soft-delete", p, () -> c.raw().logical().delete(p)));
  }

  /** {@code DELETE /v1/<mount>/metadata/<path>}: every version and the metadata; 204 also for a missing key. */
  @Override
  public void destroyAll(String path) {
    String p = paths.metadata(path);
    session.withClients(c -> calls.run("destroy-all", p, () -> c.raw().logical().delete(p)));
  }

  private <T> T retried(dev.failsafe.function.CheckedSupplier<T> read) {
    return Failsafe.with(readRetry).get(read);
  }

  @Override
  public String toString() {
    return "VaultKvStore[mount=" + mount + ", " + session + "]";
  }
}
