package io.mdrotator.observability;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: the format is negotiated from {@code Accept} by the client library
 * (Prometheus text, OpenMetrics, protobuf); gzip when the scraper accepts it (Prometheus always
 * does), at the fastest level since the text is highly repetitive. On the two text formats the
 * per-slot gauges come from {@link SlotSeriesText} and everything else from the library's writer;
 * other formats take every family from the registry. {@code ?debug=openmetrics} (or {@code text},
 * {@code prometheus-protobuf}) shows a format as plain text, for a browser.
 */
final class ScrapeEndpoint {
  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

  private final PrometheusRegistry registry;
  private final Optional<SlotSeries> slots;
  private final ExpositionFormats formats = ExpositionFormats.init();
  private volatile int lastSize = 64 * 1024;

  ScrapeEndpoint(PrometheusRegistry registry, Optional<SlotSeries> slots) {
    this.registry = registry;
    this.slots = slots;
  }

  void handle(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    ExpositionFormatWriter writer = formats.findWriter(accept);
    Optional<String> debug = debugFormat(exchange.getRequestURI().getRawQuery());
    ScrapeBuffer body;
    if (debug.isPresent()) {
      body = debugBody(debug.get());
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    } else {
      body = render(writer, EscapingScheme.fromAcceptHeader(accept));
      exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
    }
    if (acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"))) {
      ScrapeBuffer zipped = new ScrapeBuffer(body.size() / 8);
      try (GZIPOutputStream gz = new FastGzip(zipped)) {
        body.writeTo(gz);
      }
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      body = zipped;
    }
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(200, head ? -1 : body.size());
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        body.writeTo(out);
      }
    }
  }

  /** The exposition in {@code writer}'s format, uncompressed. */
  ScrapeBuffer render(ExpositionFormatWriter writer, EscapingScheme scheme) throws IOException {
    ScrapeBuffer body = new ScrapeBuffer(lastSize + lastSize / 8);
    boolean openMetrics = writer instanceof OpenMetricsTextFormatWriter;
    if (slots.isEmpty() || !(openMetrics || writer instanceof PrometheusTextFormatWriter)) {
      writer.write(body, registry.scrape(), scheme);
    } else {
      writer.write(body, registry.scrape(name -> !SlotSeries.textFamily(name)), scheme);
      if (openMetrics) {
        if (!body.endsWith(EOF)) {
          throw new IllegalStateException("OpenMetrics writer output does not end with # EOF");
        }
        body.truncate(body.size() - EOF.length);
      }
      SlotSeriesText.write(body, slots.get().values(), openMetrics);
      if (openMetrics) {
        body.write(EOF, 0, EOF.length);
      }
    }
    lastSize = body.size();
    return body;
  }

  /** {@code ?debug=openmetrics|text|prometheus-protobuf}: the format to show as plain text in a browser. */
  static Optional<String> debugFormat(String rawQuery) {
    if (rawQuery == null) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith("debug=")) {
        return Optional.of(pair.substring("debug=".length()));
      }
    }
    return Optional.empty();
  }

  private ScrapeBuffer debugBody(String format) throws IOException {
    ScrapeBuffer body;
    switch (format) {
      case "openmetrics" -> body = render(formats.getOpenMetricsTextFormatWriter(), EscapingScheme.DEFAULT);
      case "text" -> body = render(formats.getPrometheusTextFormatWriter(), EscapingScheme.DEFAULT);
      case "prometheus-protobuf" -> {
        body = new ScrapeBuffer(lastSize);
        byte[] text = formats.getPrometheusProtobufWriter().toDebugString(registry.scrape(), EscapingScheme.DEFAULT)
            .getBytes(StandardCharsets.UTF_8);
        body.write(text, 0, text.length);
      }
      default -> {
        body = new ScrapeBuffer(256);
        byte[] text = ("debug: use openmetrics, text or prometheus-protobuf, not '" + format + "'\n")
            .getBytes(StandardCharsets.UTF_8);
        body.write(text, 0, text.length);
      }
    }
    return body;
  }

  /** {@code gzip} listed in Accept-Encoding and not refused with {@code q=0}. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
      String[] f = part.trim().split(";");
      if (f[0].trim().equals("gzip")) {
        return !(f.length > 1 && f[1].replace(" ", "").matches("q=0(\\.0*)?"));
      }
    }
    return false;
  }

  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
