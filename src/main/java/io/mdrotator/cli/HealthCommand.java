package io.mdrotator.cli;

import io.mdrotator.config.DaemonConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code md-rotator health}: container health check against a running daemon's {@code /readyz}. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Query a running md-rotator's readiness; exit 0 when ready, 1 otherwise.")
public final class HealthCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The endpoint of a daemon that listens where {@code metrics.listen} does by default. */
  @Option(names = "--url", defaultValue = "http://" + DaemonConfig.Metrics.DEFAULT_LISTEN + "/readyz",
      description = "Health endpoint (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
      description = "Connect and response timeout, e.g. 2s (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      out.print(response.body());
      out.flush();
      if (response.statusCode() != 200) {
        err.println("health: " + url + " answered HTTP " + response.statusCode());
        return 1;
      }
      return 0;
    } catch (IOException e) {
      err.println("health: cannot reach " + url + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("health: interrupted while querying " + url);
      return 1;
    }
  }
}
