package io.mdrotator.emulator.motherduck;

import com.sun.net.httpserver.HttpExchange;
import io.mdrotator.emulator.Exchanges;
import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.FaultInjector;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The emulator's control endpoint {@value #PATH}, so a standalone emulator can be made to fail from
 * outside its process: {@code POST} adds one fault rule, {@code DELETE} removes every rule. Only the
 * admin bearer token may use it; it is neither counted nor subject to faults.
 *
 * <p>POST body: {@code {"endpoint":"createToken","kind":"STATUS","status":503,"count":-1}} with
 * optional {@code rate} (default 1.0), {@code latencyMs} (LATENCY) and {@code retryAfterSeconds}
 * (RATE_LIMIT); {@code count} defaults to -1 (forever). Replies: 204 done, 400 invalid body (plain
 * text reason), 401 no or wrong admin token, 405 other methods.
 */
final class FaultControl {
  static final String PATH = "/_emulator/faults";
  static final Set<String> ENDPOINTS = Set.of(FaultInjector.ANY,
      MotherDuckEmulator.CREATE_SERVICE_ACCOUNT, MotherDuckEmulator.DELETE_SERVICE_ACCOUNT,
      MotherDuckEmulator.LIST_TOKENS, MotherDuckEmulator.CREATE_TOKEN, MotherDuckEmulator.REVOKE_TOKEN,
      MotherDuckEmulator.GET_DUCKLINGS, MotherDuckEmulator.SET_DUCKLINGS);
  private static final Set<String> FIELDS = Set.of("endpoint", "kind", "status", "count", "rate", "latencyMs",
      "retryAfterSeconds");
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** A parsed POST body. */
  record Request(String endpoint, Fault fault) {}

  private final EmulatorState state;
  private final MotherDuckEmulator emulator;

  FaultControl(EmulatorState state, MotherDuckEmulator emulator) {
    this.state = state;
    this.emulator = emulator;
  }

  void handle(HttpExchange ex) throws IOException {
    String body = Exchanges.body(ex);
    if (state.authenticate(ex.getRequestHeaders().getFirst("Authorization")) != EmulatorState.Auth.ADMIN) {
      Exchanges.send(ex, 401, "text/plain", "Unauthorized");
      return;
    }
    switch (ex.getRequestMethod()) {
      case "POST" -> {
        Request r;
        try {
          r = parse(body);
        } catch (IllegalArgumentException e) {
          Exchanges.send(ex, 400, "text/plain", e.getMessage());
          return;
        }
        emulator.faults().add(r.endpoint(), r.fault());
        Exchanges.send(ex, 204, null, "");
      }
      case "DELETE" -> {
        emulator.clearFaults();
        Exchanges.send(ex, 204, null, "");
      }
      default -> {
        ex.getResponseHeaders().set("Allow", "POST, DELETE");
        Exchanges.send(ex, 405, "text/plain", "Method Not Allowed");
      }
    }
  }

  /** Parses a POST body; the exception message says which field is wrong and why. */
  static Request parse(String body) {
    JsonNode n;
    try {
      n = MAPPER.readTree(body == null || body.isBlank() ? "null" : body);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("body is not valid JSON");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("body must be a JSON object");
    }
    for (String field : n.propertyNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field '" + field + "' (allowed: " + FIELDS + ")");
      }
    }
    String endpoint = text(n, "endpoint");
    if (!ENDPOINTS.contains(endpoint)) {
      throw new IllegalArgumentException("unknown endpoint '" + endpoint + "' (allowed: " + ENDPOINTS + ")");
    }
    Fault.Kind kind;
    try {
      kind = Fault.Kind.valueOf(text(n, "kind").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown kind '" + text(n, "kind") + "' (allowed: "
          + java.util.Arrays.toString(Fault.Kind.values()) + ")");
    }
    int status = (int) number(n, "status", kind == Fault.Kind.RATE_LIMIT ? 429 : kind == Fault.Kind.MALFORMED || kind == Fault.Kind.TRUNCATED ? 200 : 0);
    if (kind == Fault.Kind.STATUS && (status < 400 || status > 599)) {
      throw new IllegalArgumentException("STATUS needs a status between 400 and 599, was " + status);
    }
    Fault fault = new Fault(kind, status, Duration.ofMillis(number(n, "latencyMs", 0)),
        Duration.ofSeconds(number(n, "retryAfterSeconds", 0)), rate(n),
        (int) number(n, "count", Fault.UNLIMITED));
    return new Request(endpoint, fault);
  }

  private static double rate(JsonNode n) {
    JsonNode v = n.path("rate");
    if (v.isMissingNode()) {
      return 1.0;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("field 'rate' must be a number in (0, 1]");
    }
    return v.asDouble();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isString()) {
      throw new IllegalArgumentException("field '" + field + "' is required and must be a string");
    }
    return v.stringValue();
  }

  private static long number(JsonNode n, String field, long dflt) {
    JsonNode v = n.path(field);
    if (v.isMissingNode()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || v.asLong() < Integer.MIN_VALUE || v.asLong() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("field '" + field + "' must be an integer");
    }
    return v.asLong();
  }
}
