package io.mdrotator.motherduck;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mdrotator.motherduck.DucklingConfig.InstanceSize;
import io.mdrotator.secret.Secret;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Peers saw 204 and empty 200 bodies on success; any 2xx must be accepted. */
class EmptyBodyTest {
  @Test
  void anyTwoHundredWithEmptyBodyIsSuccess() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(ex.getRequestMethod().equals("DELETE") ? 204 : 200, -1);
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
      assertThat(c.setDucklings("svc", want)).isEqualTo(want);
    } finally {
      server.stop(0);
    }
  }
}
