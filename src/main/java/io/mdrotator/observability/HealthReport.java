package io.mdrotator.observability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The outcome of a liveness or readiness evaluation: pass/fail plus one check per concern. */
public record HealthReport(boolean ok, List<Check> checks) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public HealthReport {
    checks = List.copyOf(checks);
  }

  /** One concern: {@code name} (e.g. {@code heartbeat}, {@code vault}), pass/fail and a detail. */
  public record Check(String name, boolean ok, String detail) {}

  static HealthReport of(List<Check> checks) {
    return new HealthReport(checks.stream().allMatch(Check::ok), checks);
  }

  /** {@code {"status":"ok"|"fail","checks":{"name":{"ok":true,"detail":"..."}}}}. */
  public String toJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? "ok" : "fail");
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Check c : checks) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("ok", c.ok());
      one.put("detail", c.detail());
      byName.put(c.name(), one);
    }
    body.put("checks", byName);
    return JSON.writeValueAsString(body);
  }
}
