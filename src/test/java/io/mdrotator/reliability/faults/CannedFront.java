package io.mdrotator.reliability.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback front for the MotherDuck emulator that answers chosen requests with a canned reply
 * and passes every other request through unchanged. The canned bodies are the API's own (the ones
 * the emulator answers for a TTL below 300 s or a human member, pinned by {@code
 * ReferenceRulesTest}); the emulator refuses those for good, for every request of the account,
 * while a matrix cell needs a few refusals and then a healthy rotation, which its status faults
 * cannot give with these bodies. A canned
 * reply is sent instead of forwarding, so the emulator never sees that request (the server refused
 * it before acting, as a validation or permission error does).
 */
final class CannedFront implements AutoCloseable {
  private record Canned(String method, String pathSuffix, int status, String json, AtomicInteger left) {}

  private final URI target;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong served = new AtomicLong();
  private volatile Canned canned;

  CannedFront(URI target) {
    this.target = target;
    try {
      // like the emulators: the JDK reads this once per JVM, at its first server (EmulatorRoundTripTest)
      io.mdrotator.emulator.Exchanges.noDelayOnServerSockets();
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the canned-reply front", e);
    }
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "canned-front");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code times} requests {@code method} on a path ending with {@code pathSuffix} get this reply. */
  void answer(String method, String pathSuffix, int status, String json, int times) {
    canned = new Canned(method, pathSuffix, status, json, new AtomicInteger(times));
  }

  /** Passes everything through again. */
  void clear() {
    canned = null;
  }

  /** Canned replies sent so far. */
  long served() {
    return served.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Canned c = canned;
      String path = ex.getRequestURI().getRawPath();
      if (c != null && c.method().equals(ex.getRequestMethod()) && path.endsWith(c.pathSuffix())
          && c.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        served.incrementAndGet();
        send(ex, c.status(), "application/json", c.json().getBytes(StandardCharsets.UTF_8), null);
        return;
      }
      forward(ex, body);
    }
  }

  private void forward(HttpExchange ex, byte[] body) throws IOException {
    String query = ex.getRequestURI().getRawQuery();
    HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().getRawPath()
            + (query == null ? "" : "?" + query)))
        .timeout(Duration.ofSeconds(10))
        .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String h : List.of("Authorization", "Content-Type", "Accept")) {
      String v = ex.getRequestHeaders().getFirst(h);
      if (v != null) {
        b.header(h, v);
      }
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding", e);
    }
    send(ex, r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(),
        r.headers().firstValue("Retry-After").orElse(null));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body, String retryAfter)
      throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    if (retryAfter != null) {
      ex.getResponseHeaders().set("Retry-After", retryAfter);
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
