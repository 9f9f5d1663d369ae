package io.mdrotator.vault;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultPermissionDeniedException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private static final Logger LOG = LoggerFactory.getLogger(VaultKvStore.class);
  static final String CAS_MISMATCH = "check-and-set parameter did not match the current version";

  private final String mount;
  private final VaultSession session;
  private final DriverCalls calls;
  private final RetryPolicy<Object> readRetry;

  VaultKvStore(String mount, VaultSession session, DriverCalls calls, RetryPolicy<Object> readRetry) {
    this.mount = mount;
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
    return authed(c -> readWith(c, op, path, version));
  }

  private Optional<KvVersion> readWith(VaultSession.Clients c, String op, String path, Integer version) {
    return get(c, op, full(path), dataPath(path), version).map(root -> KvReplies.version(root, op, full(path)));
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
    return authed(c -> writeCasWith(c, path, data, expectedVersion));
  }

  private CasResult writeCasWith(VaultSession.Clients c, String path, KvData data, long expectedVersion) {
    String full = full(path);
    byte[] body = KvReplies.casBody(data, expectedVersion);
    RestResponse r;
    try {
      r = calls.rest("write-cas", full, () -> session.connection().rest(c.token(), dataPath(path)).body(body).post());
    } catch (VaultStoreException e) {
      return resolveLostWrite(path, data, expectedVersion, e);
    }
    int status = r.getStatus();
    if (status == 200) {
      try {
        return new CasResult.Written(KvReplies.writtenVersion(r, "write-cas", full));
      } catch (VaultStoreException e) {
        return resolveLostWrite(path, data, expectedVersion, e);
      }
    }
    String errors = VaultErrors.errorsOf(r.getBody());
    if (status == 400 && errors.contains(CAS_MISMATCH)) {
      return new CasResult.Conflict(expectedVersion, currentVersion(path));
    }
    VaultStoreException refused = VaultErrors.fromStatus("write-cas", full, status, errors, null);
    if (status >= 500 && !(refused instanceof VaultSealedException)) {
      return resolveLostWrite(path, data, expectedVersion, refused); // e.g. a proxy's 502: applied or not
    }
    throw refused;
  }

  /**
   * The write may or may not have been applied. Version {@code expected + 1} holding exactly our
   * data means it was; another value there means another writer won; no new version means the
   * write did not happen, and the original failure is rethrown (the caller decides, with CAS).
   */
  private CasResult resolveLostWrite(String path, KvData data, long expected, VaultStoreException original) {
    LOG.warn("Vault write-cas of '{}' got no usable reply ({}); re-reading to resolve", full(path), original.getMessage());
    long current;
    Optional<KvVersion> ours;
    try {
      current = currentVersion(path);
      ours = current > expected ? readVersion(path, expected + 1) : Optional.empty();
    } catch (VaultStoreException e) {
      original.addSuppressed(e);
      throw original;
    }
    if (current <= expected) {
      throw original;
    }
    if (ours.isPresent() && ours.get().data().equals(data)) {
      LOG.info("Vault write-cas of '{}' was applied as version {} despite the lost reply", full(path), expected + 1);
      return new CasResult.Written(expected + 1);
    }
    return new CasResult.Conflict(expected, current);
  }

  private long currentVersion(String path) {
    return readMetadata(path).map(KvMetadata::currentVersion).orElse(0L);
  }

  @Override
  public Optional<KvMetadata> readMetadata(String path) {
    String p = metadataPath(path);
    return retried(() -> authed(c -> get(c, "read-metadata", p, p, null).map(KvReplies::metadata)));
  }

  @Override
  public void writeCustomMetadata(String path, Map<String, String> customMetadata) {
    String p = metadataPath(path);
    JsonObject custom = Json.object();
    customMetadata.forEach(custom::add);
    authed(c -> {
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
    String p = dataPath(path);
    authed(c -> calls.run("soft-delete", p, () -> c.raw().logical().delete(p)));
  }

  /**
   * Permanently removes the key with all versions and metadata ({@code DELETE metadata/}). Not part
   * of {@link KvStore}: for test cleanup and operator tooling only.
   */
  public void destroyKey(String path) {
    String p = metadataPath(path);
    VaultSession.Clients c = session.clients();
    calls.run("destroy-key", p, () -> c.raw().logical().delete(p));
  }

  /**
   * Runs {@code op} with the session's clients; on a 403 with a login-capable auth method, logs in
   * again and runs it once more (Vault revoked or expired our token server-side). A 403 is answered
   * before anything is written, so repeating a write is safe.
   */
  private <T> T authed(java.util.function.Function<VaultSession.Clients, T> op) {
    VaultSession.Clients c = session.clients();
    try {
      return op.apply(c);
    } catch (VaultPermissionDeniedException e) {
      boolean again;
      try {
        again = session.reloginAfterDenied(c);
      } catch (VaultStoreException loginFailure) {
        loginFailure.addSuppressed(e);
        throw loginFailure;
      }
      if (!again) {
        throw e;
      }
      return op.apply(session.clients());
    }
  }

  private <T> T retried(dev.failsafe.function.CheckedSupplier<T> read) {
    return Failsafe.with(readRetry).get(read);
  }

  private String full(String path) {
    return mount + "/" + clean(path);
  }

  private String dataPath(String path) {
    return mount + "/data/" + clean(path);
  }

  private String metadataPath(String path) {
    return mount + "/metadata/" + clean(path);
  }

  private static String clean(String path) {
    Objects.requireNonNull(path, "path");
    int from = 0;
    int to = path.length();
    while (from < to && path.charAt(from) == '/') {
      from++;
    }
    while (to > from && path.charAt(to - 1) == '/') {
      to--;
    }
    String p = path.substring(from, to); // not replaceAll: it compiled two regexes per request
    if (p.isEmpty()) {
      throw new IllegalArgumentException("empty KV path");
    }
    return p;
  }

  @Override
  public String toString() {
    return "VaultKvStore[mount=" + mount + ", " + session + "]";
  }
}
