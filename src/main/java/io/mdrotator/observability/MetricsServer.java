package io.mdrotator.observability;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.BiFunction;
import java.time.Instant;

/**
 * One HTTP listener serving {@code /metrics} (text or OpenMetrics by negotiation, from the
 * Prometheus exporter), {@code /healthz} (liveness) and {@code /readyz} (readiness), each health
 * endpoint answering 200 or 503 with a JSON body. Default address {@code 127.0.0.1:9464}.
 */
public final class MetricsServer implements AutoCloseable {
  public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress("127.0.0.1", 9464);

  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  /** Starts with the system clock and {@link HealthThresholds#DEFAULT}. */
  public static MetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry, HealthState health) {
    return start(address, registry, health, Clock.systemUTC(), HealthThresholds.DEFAULT);
  }

  /** Binds {@code address} (port 0: any free port) and starts serving on daemon threads. */
  public static MetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry,
      HealthState health, Clock clock, HealthThresholds thresholds) {
    try {
      HTTPServer server = HTTPServer.builder()
          .inetAddress(address.getAddress())
          .port(address.getPort())
          .registry(registry.getPrometheusRegistry())
          .registerHealthHandler(false)
          .defaultHandler(exchange -> route(exchange, health, clock, thresholds))
          .buildAndStart();
      return new MetricsServer(server);
    } catch (IOException e) {
      throw new ListenException(address, e);
    }
  }

  /**
   * The listener could not be bound. The message is the whole operator-facing line, named after
   * the config key: {@code metrics.listen 127.0.0.1:9464: address already in use}; the command
   * prints it alone (no stack trace) and exits 2, since the fix is in the config or on the host.
   */
  public static final class ListenException extends UncheckedIOException {
    ListenException(InetSocketAddress address, IOException cause) {
      super("metrics.listen " + address.getHostString() + ":" + address.getPort() + ": " + reason(cause), cause);
    }

    /** "address already in use" for a taken port, else the JDK's text in lower case. */
    static String reason(IOException e) {
      String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof java.net.BindException && text.toLowerCase(java.util.Locale.ROOT).contains("in use")) {
        return "address already in use";
      }
      return text.toLowerCase(java.util.Locale.ROOT);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }

  private static void route(HttpExchange exchange, HealthState health, Clock clock, HealthThresholds t)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      BiFunction<Instant, HealthThresholds, HealthReport> eval = switch (path) {
        case "/healthz" -> health::liveness;
        case "/readyz" -> health::readiness;
        default -> null;
      };
      if (eval == null) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found; try /metrics, /healthz, /readyz\n");
        return;
      }
      HealthReport report = eval.apply(clock.instant(), t);
      send(exchange, report.ok() ? 200 : 503, "application/json", report.toJson() + "\n");
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
