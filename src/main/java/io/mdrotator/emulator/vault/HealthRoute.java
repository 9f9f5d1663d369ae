package io.mdrotator.emulator.vault;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET|HEAD /v1/sys/health}: unauthenticated, 200 when unsealed and 503 when sealed unless
 * the query overrides the code ({@code activecode}, {@code sealedcode}); HEAD gets no body.
 */
final class HealthRoute {
  private HealthRoute() {}

  static VaultReply reply(VaultRequest r, boolean sealed, Clock clock) {
    int status = sealed ? code(r, "sealedcode", 503) : code(r, "activecode", 200);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("initialized", true);
    b.put("sealed", sealed);
    b.put("standby", false);
    b.put("performance_standby", false);
    b.put("replication_performance_mode", "disabled");
    b.put("replication_dr_mode", "disabled");
    b.put("server_time_utc", clock.instant().getEpochSecond());
    b.put("version", "1.21.0-md-rotator-emulator");
    b.put("cluster_name", "vault-cluster-emulator");
    b.put("cluster_id", "00000000-0000-0000-0000-000000000000");
    b.put("enterprise", false);
    b.put("echo_duration_ms", 0);
    b.put("clock_skew_ms", 0);
    b.put("replication_primary_canary_age_ms", 0);
    return new VaultReply(status, r.method().equals("HEAD") ? null : b);
  }

  private static int code(VaultRequest r, String name, int dflt) {
    String v = r.query().get(name);
    return v != null && v.matches("\\d{3}") ? Integer.parseInt(v) : dflt;
  }
}
