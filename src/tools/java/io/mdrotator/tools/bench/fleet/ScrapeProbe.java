package io.mdrotator.tools.bench.fleet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * Scrapes {@code /metrics} the way Prometheus does (Prometheus text format, gzip accepted) and
 * charges the daemon's CPU to it: one first scrape, then {@code repeats} back to back whose CPU
 * (utime + stime, 10 ms ticks) is divided by their number, which is what a scrape every 15 s costs
 * once the code is compiled. Background work in the window (idle: ~0.2 % of a core) is included.
 */
final class ScrapeProbe {
  static final String ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

  /**
   * @param text the exposition of the first scrape, uncompressed
   * @param wireBytes the body as sent (gzip when the daemon compressed it)
   * @param gzip whether the daemon answered with {@code Content-Encoding: gzip}
   */
  record Figures(String text, long textBytes, long wireBytes, boolean gzip, Duration firstWall, Duration firstCpu,
      int repeats, Duration meanWall, Duration meanCpu) {}

  private ScrapeProbe() {}

  static Figures measure(int port, long pid, int repeats) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .header("Accept", ACCEPT).header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(60)).GET().build();
    long cpu0 = ProcStats.cpuMillis(pid);
    long t0 = System.nanoTime();
    HttpResponse<byte[]> first = send(http, req);
    Duration firstWall = Duration.ofNanos(System.nanoTime() - t0);
    Duration firstCpu = Duration.ofMillis(ProcStats.cpuMillis(pid) - cpu0);
    long cpu1 = ProcStats.cpuMillis(pid);
    long t1 = System.nanoTime();
    for (int i = 0; i < repeats; i++) {
      send(http, req);
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - t1);
    Duration cpu = Duration.ofMillis(ProcStats.cpuMillis(pid) - cpu1);
    boolean gzip = first.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
    byte[] body = first.body();
    byte[] text = gzip ? gunzip(body) : body;
    int n = Math.max(1, repeats);
    return new Figures(new String(text, StandardCharsets.UTF_8), text.length, body.length, gzip, firstWall, firstCpu,
        repeats, wall.dividedBy(n), cpu.dividedBy(n));
  }

  private static HttpResponse<byte[]> send(HttpClient http, HttpRequest req) {
    try {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("scrape of /metrics answered " + r.statusCode());
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("scrape of /metrics failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scraping", e);
    }
  }

  static byte[] gunzip(byte[] body) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("the daemon's gzip body does not decompress", e);
    }
  }
}
