package io.mdrotator.observability;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A real HTTP scrape of a MetricsServer fed with a healthy rotation, two failures and a third
 * managed token on the failing slot.
 */
final class RealisticScrape {
  private RealisticScrape() {}

  static String fetch(String accept) throws Exception {
    Instant now = Instant.now();
    try (RotationMetrics m = RotationMetrics.create(Clock.systemUTC(), "0.0.0-test");
        MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), m,
            new HealthState(now), Clock.systemUTC(), HealthThresholds.DEFAULT)) {
      Scenario.healthy(m, m, now);
      Scenario.failBi(m, m, now, 1);
      Scenario.failBi(m, m, now, 2);
      // a minted token the failed attempts left behind: managed tokens outside 1..2 have a series
      m.slotObserved(Scenario.BI, "read_scaling", Optional.of(now.plus(Duration.ofDays(20))),
          Optional.of(now.plusSeconds(30)), 3, 0);
      m.policyReloadFailed();
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
          .header("Accept", accept).build();
      return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).body();
    }
  }
}
