package io.mdrotator.emulator.vault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** One emulator reply: status and JSON body ({@code null} = empty body, as for 204). */
record VaultReply(int status, Map<String, Object> body) {

  static VaultReply noContent() {
    return new VaultReply(204, null);
  }

  /** {@code {"errors":[...]}} with the given status; no messages gives Vault's {@code []}. */
  static VaultReply errors(int status, String... messages) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", List.of(messages));
    return new VaultReply(status, body);
  }

  static VaultReply notFound() {
    return errors(404);
  }

  /** Vault's go-multierror rendering of a single error, as handlers wrap it. */
  static String multierror(String message) {
    return "1 error occurred:\n\t* " + message + "\n\n";
  }

  static VaultReply permissionDenied() {
    return errors(403, multierror("permission denied"));
  }

  static VaultReply ok(Object data) {
    return new VaultReply(200, envelope(data, null, null, "kv"));
  }

  static VaultReply withAuth(Map<String, Object> auth, List<String> warnings) {
    return new VaultReply(200, envelope(null, auth, warnings, "token"));
  }

  /** The standard response envelope with all of Vault's fields. */
  static Map<String, Object> envelope(Object data, Object auth, List<String> warnings, String mountType) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("request_id", requestId());
    m.put("lease_id", "");
    m.put("renewable", false);
    m.put("lease_duration", 0);
    m.put("data", data);
    m.put("wrap_info", null);
    m.put("warnings", warnings == null || warnings.isEmpty() ? null : new ArrayList<>(warnings));
    m.put("auth", auth);
    m.put("mount_type", mountType);
    return m;
  }

  /**
   * A random version-4 UUID, the form of Vault's {@code request_id}. Not {@link UUID#randomUUID()}:
   * an id protects nothing, and that one draws from the JVM's shared SecureRandom, a lock taken
   * here inside the mount's lock on every reply.
   */
  static String requestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb).toString();
  }

  /** The same reply with a warning added to the envelope. */
  VaultReply withWarning(String warning) {
    Map<String, Object> b = new LinkedHashMap<>(body);
    b.put("warnings", List.of(warning));
    return new VaultReply(status, b);
  }

  /** RFC 3339 with nanoseconds in UTC, as Go's RFC3339Nano prints it; "" for no time. */
  static String time(Instant t) {
    return t == null ? "" : t.toString();
  }
}
