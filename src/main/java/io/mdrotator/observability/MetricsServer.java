package io.mdrotator.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP listener serving {@code /metrics} (Prometheus text, OpenMetrics or protobuf by
 * negotiation, gzip when accepted; {@link ScrapeEndpoint}), {@code /healthz} (liveness) and
 * {@code /readyz} (readiness), each health endpoint answering 200 or 503 with a JSON body. Default
 * address {@code 127.0.0.1:9464}. Requests are served on a few daemon threads.
 */
public final class MetricsServer implements AutoCloseable {
  public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress("127.0.0.1", 9464);
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final int THREADS = 3;

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts with the system clock and {@link HealthThresholds#DEFAULT}. */
  public static MetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry, HealthState health) {
    return start(address, registry, health, Clock.systemUTC(), HealthThresholds.DEFAULT);
  }

  /** Binds {@code address} (port 0: any free port) and starts serving on daemon threads. */
  public static MetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry,
      HealthState health, Clock clock, HealthThresholds thresholds) {
    return start(address, new ScrapeEndpoint(registry.getPrometheusRegistry(), Optional.empty()), health, clock,
        thresholds);
  }

  /** Like the registry variant, writing {@code metrics}' per-slot series on the fast text path. */
  public static MetricsServer start(InetSocketAddress address, RotationMetrics metrics, HealthState health,
      Clock clock, HealthThresholds thresholds) {
    return start(address, metrics.scrapeEndpoint(), health, clock, thresholds);
  }

  private static MetricsServer start(InetSocketAddress address, ScrapeEndpoint scrape, HealthState health,
      Clock clock, HealthThresholds thresholds) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new ListenException(address, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> route(exchange, scrape, health, clock, thresholds));
    server.start();
    return new MetricsServer(server, executor);
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
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void route(HttpExchange exchange, ScrapeEndpoint scrape, HealthState health, Clock clock,
      HealthThresholds t) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if ("/metrics".equals(path)) {
        try {
          scrape.handle(exchange);
        } catch (RuntimeException e) {
          log.warn("metrics: scrape failed: {}", e.toString());
          send(exchange, 500, "text/plain; charset=utf-8", "scrape failed; see the daemon log\n");
        }
        return;
      }
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
