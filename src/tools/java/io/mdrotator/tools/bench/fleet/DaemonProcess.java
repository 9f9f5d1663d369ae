package io.mdrotator.tools.bench.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The daemon under test: {@code java <jvm flags> -jar <jar> run --config <file>} in a child JVM,
 * stdout and stderr to a log file, spoken to only the way an operator would (HTTP endpoints,
 * SIGHUP, SIGTERM) and observed through {@code /proc}.
 */
final class DaemonProcess implements AutoCloseable {
  private final Process process;
  private final int metricsPort;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private DaemonProcess(Process process, int metricsPort, Path log) {
    this.process = process;
    this.metricsPort = metricsPort;
    this.log = log;
  }

  static DaemonProcess launch(Path jar, List<String> jvmFlags, Path config, int metricsPort, Path log) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
      return new DaemonProcess(p, metricsPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the daemon: " + cmd, e);
    }
  }

  long pid() {
    return process.pid();
  }

  int metricsPort() {
    return metricsPort;
  }

  Path log() {
    return log;
  }

  /** Polls {@code /readyz} every 10 ms until it answers 200; the body of that answer. */
  String awaitReady(Duration bound) throws InterruptedException {
    long until = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < until) {
      requireAlive();
      Optional<HttpResponse<String>> r = get("/readyz");
      if (r.isPresent() && r.get().statusCode() == 200) {
        return r.get().body();
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("daemon not ready within " + bound + "; see " + log);
  }

  /** The body of {@code path} (200 or 503), or empty when the daemon does not answer yet. */
  Optional<HttpResponse<String>> get(String path) {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
        .timeout(Duration.ofSeconds(30)).GET().build();
    try {
      return Optional.of(http.send(req, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  String scrape() {
    return get("/metrics").filter(r -> r.statusCode() == 200).map(HttpResponse::body)
        .orElseThrow(() -> new IllegalStateException("scrape of /metrics failed; see " + log));
  }

  /** The reload trigger systemd's ExecReload= sends. */
  void sighup() {
    signal("-HUP");
  }

  /** Live heap in bytes after a full GC: the total of {@code jcmd <pid> GC.class_histogram}. */
  long liveHeapBytes() {
    String out = run("jcmd", Long.toString(pid()), "GC.class_histogram");
    for (String line : out.split("\n")) {
      if (line.startsWith("Total")) {
        String[] f = line.trim().split(" +");
        return Long.parseLong(f[2]);
      }
    }
    throw new IllegalStateException("no Total line in jcmd GC.class_histogram output");
  }

  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("daemon exited with " + process.exitValue() + "; see " + log);
    }
  }

  private void signal(String sig) {
    run("kill", sig, Long.toString(pid()));
  }

  private static String run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
    }
  }

  /** SIGTERM, then SIGKILL after 45 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(45, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
