package io.mdrotator.emulator.motherduck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mdrotator.emulator.Exchanges;
import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.FaultInjector;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP glue: routes, applies injected faults, then lets {@link AdminService} answer. Unknown routes
 * get MotherDuck's plain-text {@code 404 Not Found}; {@link FaultControl#PATH} goes to the control
 * endpoint.
 */
final class EmulatorHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EmulatorHandler.class);
  private static final Map<Integer, String> GATEWAY_TEXT =
      Map.of(404, "Not Found", 502, "Bad Gateway", 503, "Service Unavailable", 504, "Gateway Timeout");

  private final AdminService service;
  private final FaultInjector faults;
  private final FaultControl control;
  private final ReplyRewrites rewrites;
  private volatile boolean retryAfterAsHttpDate;

  EmulatorHandler(AdminService service, FaultInjector faults, FaultControl control, ReplyRewrites rewrites) {
    this.service = service;
    this.faults = faults;
    this.control = control;
    this.rewrites = rewrites;
  }

  void retryAfterAsHttpDate(boolean on) {
    retryAfterAsHttpDate = on;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      if (FaultControl.PATH.equals(ex.getRequestURI().getRawPath())) {
        control.handle(ex);
        return;
      }
      Optional<Route> route = Route.resolve(ex.getRequestMethod(), ex.getRequestURI().getRawPath());
      if (route.isEmpty()) {
        Exchanges.body(ex);
        Exchanges.send(ex, 404, "text/plain", "Not Found");
        return;
      }
      serve(ex, route.get());
    } catch (IOException | RuntimeException e) {
      LOG.warn("MotherDuck emulator failed on {} {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
      ex.close();
    }
  }

  private void serve(HttpExchange ex, Route route) throws IOException {
    List<Fault> fired = faults.onCall(route.endpoint(), route.username() == null ? null : EmulatorState.key(route.username()));
    fired.stream().filter(f -> f.kind() == Fault.Kind.LATENCY).forEach(f -> Exchanges.delay(f.latency()));
    Optional<Fault> fault = FaultInjector.terminal(fired);
    if (fault.isPresent() && before(ex, route, fault.get())) {
      return;
    }
    ApiReply reply = service.handle(route, ex.getRequestHeaders().getFirst("Authorization"), Exchanges.body(ex));
    if (reply.status() / 100 == 2) {
      reply = new ApiReply(reply.status(), reply.contentType(), rewrites.apply(route, reply.body()), reply.headers());
    }
    if (fault.isPresent() && fault.get().kind() == Fault.Kind.COMMIT_THEN_DROP) {
      Exchanges.dropConnection(ex);
    } else if (fault.isPresent() && fault.get().kind() == Fault.Kind.MALFORMED) {
      Exchanges.send(ex, 200, ApiReply.JSON, reply.body().substring(0, reply.body().length() / 2));
    } else if (fault.isPresent() && fault.get().kind() == Fault.Kind.TRUNCATED) {
      Exchanges.sendTruncated(ex, ApiReply.JSON, reply.body());
    } else {
      reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      Exchanges.send(ex, reply.status(), reply.contentType(), reply.body());
    }
  }

  /** Applies faults that act before the operation; true when the exchange is finished. */
  private boolean before(HttpExchange ex, Route route, Fault fault) throws IOException {
    switch (fault.kind()) {
      case RESET -> Exchanges.dropConnection(ex);
      case STATUS -> {
        Exchanges.body(ex);
        int status = fault.status();
        if (GATEWAY_TEXT.containsKey(status)) {
          Exchanges.send(ex, status, "text/plain", GATEWAY_TEXT.get(status));
        } else {
          ApiReply r = documented(status).toReply(route.procedure());
          Exchanges.send(ex, r.status(), r.contentType(), r.body());
        }
      }
      case RATE_LIMIT -> {
        Exchanges.body(ex);
        ex.getResponseHeaders().set("Retry-After", retryAfter(fault));
        ApiReply r = new ApiError(429, "TOO_MANY_REQUESTS", "Too Many Requests", List.of()).toReply(route.procedure());
        Exchanges.send(ex, 429, r.contentType(), r.body());
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private String retryAfter(Fault fault) {
    long secs = (fault.retryAfter().toMillis() + 999) / 1000;
    if (!retryAfterAsHttpDate) {
      return Long.toString(secs);
    }
    // The JDK server stamps Date with wall-clock time, so the date is on the same clock.
    Instant at = Instant.ofEpochSecond(Instant.now().getEpochSecond() + secs);
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
  }

  /** The documented error body for {@code status} (API reference 1.1), else a generic one. */
  private static ApiError documented(int status) {
    return switch (status) {
      case 401 -> ApiError.unauthorized();
      case 403 -> ApiError.forbidden();
      case 404 -> ApiError.notFound("Not Found");
      case 500 -> ApiError.internal();
      default -> new ApiError(status, codeFor(status), "Injected fault", List.of());
    };
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 401 -> "UNAUTHORIZED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      default -> status >= 500 ? "INTERNAL_SERVER_ERROR" : "ERROR_" + status;
    };
  }
}
