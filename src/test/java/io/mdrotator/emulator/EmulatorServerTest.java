package io.mdrotator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The emulators' server: serves its handler on a chosen port, a thread per exchange, until closed. */
class EmulatorServerTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final InetSocketAddress anyPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  @Test
  void servesTheHandlerUntilClosed() throws Exception {
    URI uri;
    try (EmulatorServer server = EmulatorServer.http(anyPort, 0, "test-emulator",
        ex -> Exchanges.send(ex, 200, "text/plain", "hello " + Thread.currentThread().getName()))) {
      assertThat(server.port()).isPositive();
      uri = URI.create("http://127.0.0.1:" + server.port() + "/any/path");

      HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("hello test-emulator");
    }
    assertThatThrownBy(() -> HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aSlowExchangeDoesNotHoldUpTheNext() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (EmulatorServer server = EmulatorServer.http(anyPort, 0, "test-emulator", ex -> {
      if (ex.getRequestURI().getPath().equals("/slow")) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Exchanges.send(ex, 200, "text/plain", ex.getRequestURI().getPath());
    })) {
      String base = "http://127.0.0.1:" + server.port();
      var slow = client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/slow")).build(),
          HttpResponse.BodyHandlers.ofString());

      HttpResponse<String> fast = client.send(HttpRequest.newBuilder(URI.create(base + "/fast")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(fast.body()).isEqualTo("/fast");
      assertThat(slow).isNotDone();
      release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("/slow");
    }
  }
}
