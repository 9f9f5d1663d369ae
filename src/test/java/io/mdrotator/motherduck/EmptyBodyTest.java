package io.mdrotator.motherduck;

import io.mdrotator.policy.DucklingConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mdrotator.policy.DucklingConfig.InstanceSize;
import io.mdrotator.secret.Secret;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Peers saw 204 and empty 200 bodies on success; any 2xx must be accepted. An empty PUT reply says
 * nothing of the server's normalized Duckling config, so the client reads it back.
 */
class EmptyBodyTest {
  static final String STORED = "{\"read_write\":{\"instance_size\":\"giga\",\"cooldown_seconds\":600},"
      + "\"read_scaling\":{\"instance_size\":\"jumbo\",\"flock_size\":1,\"cooldown_seconds\":60}}";

  @Test
  void anyTwoHundredWithEmptyBodyIsSuccess() throws Exception {
    // like the emulators: the JDK reads this once per JVM, at its first server (EmulatorRoundTripTest)
    io.mdrotator.emulator.Exchanges.noDelayOnServerSockets();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> requests = new CopyOnWriteArrayList<>();
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
      if (ex.getRequestMethod().equals("GET")) {
        byte[] body = STORED.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      } else {
        ex.sendResponseHeaders(ex.getRequestMethod().equals("DELETE") ? 204 : 200, -1);
      }
      ex.close();
    });
    server.start();
    try {
      MotherDuckClient c = MotherDuckClient.builder()
          .baseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
          .adminToken(Secret.of("t")).requestsPerSecond(0).build();
      c.revokeToken("svc", "id");
      c.deleteServiceAccount("svc");
      assertThat(c.createServiceAccount("svc")).isEqualTo("svc");
      DucklingConfig want = new DucklingConfig(new DucklingConfig.ReadWrite(InstanceSize.GIGA, Optional.empty()),
          new DucklingConfig.ReadScaling(InstanceSize.JUMBO, 1, Optional.empty()));
      DucklingConfig set = c.setDucklings("svc", want);
      assertThat(set).isEqualTo(new DucklingConfig(new DucklingConfig.ReadWrite(InstanceSize.GIGA, Optional.of(600)),
          new DucklingConfig.ReadScaling(InstanceSize.JUMBO, 1, Optional.of(60))));
      assertThat(requests).containsExactly("DELETE /v1/users/svc/tokens/id", "DELETE /v1/users/svc", "POST /v1/users",
          "PUT /v1/users/svc/instances", "GET /v1/users/svc/instances");
    } finally {
      server.stop(0);
    }
  }
}
