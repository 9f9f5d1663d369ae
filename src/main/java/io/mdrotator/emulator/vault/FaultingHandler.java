package io.mdrotator.emulator.vault;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mdrotator.emulator.Exchanges;
import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.FaultInjector;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one exchange of the Vault emulator: routes it, with the injected faults of its endpoint
 * applied before (latency, refusals) or after (a dropped, malformed or truncated reply) the
 * operation. An unexpected failure answers 500, as Vault does.
 */
final class FaultingHandler implements HttpHandler {
  // logged under the emulator's name, which is what its users configure and filter on
  private static final Logger LOG = LoggerFactory.getLogger(VaultEmulator.class);
  static final String JSON = "application/json";

  private final VaultRouter router;
  private final FaultInjector faults;

  FaultingHandler(VaultRouter router, FaultInjector faults) {
    this.router = router;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      VaultRequest req = VaultRequest.from(ex);
      String endpoint = VaultRouter.endpoint(req);
      List<Fault> fired = faults.onCall(endpoint);
      fired.stream().filter(f -> f.kind() == Fault.Kind.LATENCY).forEach(f -> Exchanges.delay(f.latency()));
      Optional<Fault> terminal = FaultInjector.terminal(fired);
      if (terminal.isPresent() && FaultReplies.beforeOperation(ex, terminal.get(), req)) {
        return;
      }
      VaultReply reply = route(req);
      LOG.debug("{} -> {}", req, reply.status());
      if (terminal.isPresent() && terminal.get().kind() == Fault.Kind.COMMIT_THEN_DROP) {
        Exchanges.dropConnection(ex);
      } else if (terminal.isPresent() && terminal.get().kind() == Fault.Kind.MALFORMED) {
        String json = JsonBodies.write(reply.body() == null ? Map.of() : reply.body());
        Exchanges.send(ex, 200, JSON, json.substring(0, json.length() / 2));
      } else if (terminal.isPresent() && terminal.get().kind() == Fault.Kind.TRUNCATED) {
        Exchanges.sendTruncated(ex, JSON, JsonBodies.write(reply.body() == null ? Map.of() : reply.body()));
      } else {
        send(ex, reply);
      }
    } catch (RuntimeException e) {
      LOG.warn("Vault emulator failed on {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.toString());
      send(ex, VaultReply.errors(500, "internal error"));
    }
  }

  private VaultReply route(VaultRequest req) {
    try {
      return router.route(req);
    } catch (JsonBodies.BadRequest e) {
      return VaultReply.errors(400, e.getMessage());
    }
  }

  static void send(HttpExchange ex, VaultReply reply) throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (reply.body() == null) {
      Exchanges.send(ex, reply.status(), null, "");
    } else {
      Exchanges.send(ex, reply.status(), JSON, JsonBodies.write(reply.body()));
    }
  }
}
