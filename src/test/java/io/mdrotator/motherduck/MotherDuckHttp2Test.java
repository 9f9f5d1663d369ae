package io.mdrotator.motherduck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.secret.Secret;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MotherDuck API is reached over HTTPS, where the client negotiates HTTP/2 by ALPN; the
 * emulators speak HTTP/1.1 only. Against a real HTTP/2 server (Jetty) with a private CA, many
 * concurrent callers, with replies completed on the client's selector thread, are all answered
 * and every request arrives as HTTP/2.
 */
class MotherDuckHttp2Test {
  private static final String PASSWORD = "changeit";
  private static final String LIST_REPLY = "{\"tokens\":[{\"id\":\"6f1c2b5e-0c1a-4a53-9a52-3f5b2d1e7c10\","
      + "\"name\":\"mdr-x\",\"token_type\":\"read_write\",\"created_ts\":\"2026-11-28T10:00:00Z\","
      + "\"expire_at\":null}]}";

  @TempDir static Path dir;
  private static Server server;
  private static SSLContext clientTls;
  private static final Set<String> protocols = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void startHttp2Server() throws Exception {
    Path p12 = dir.resolve("server.p12");
    keytool("-genkeypair", "-alias", "server", "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD, "-keyalg", "EC",
        "-groupname", "secp256r1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", ks.getCertificate("server"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);

    server = new Server();
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(ks);
    ssl.setKeyStorePassword(PASSWORD);
    HttpConfiguration config = new HttpConfiguration();
    config.addCustomizer(new SecureRequestCustomizer(false));
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol("http/1.1");
    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()),
        alpn, h2, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        protocols.add(request.getConnectionMetaData().getProtocol());
        requests.incrementAndGet();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, java.nio.ByteBuffer.wrap(LIST_REPLY.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    });
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void manyConcurrentCallersAreAllAnsweredOverHttp2() throws Exception {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    MotherDuckClient client = MotherDuckClient.builder()
        .baseUrl(java.net.URI.create("https://localhost:" + port))
        .adminToken(Secret.of("admin-token-for-the-http2-test"))
        .requestsPerSecond(0)
        .maxRetries(0)
        .requestTimeout(Duration.ofSeconds(20))
        .tls(clientTls)
        .build();
    int callers = 48;
    int rounds = 20;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String user = "svc_" + i;
        done.add(pool.submit(() -> {
          int listed = 0;
          for (int r = 0; r < rounds; r++) {
            listed += client.listTokens(user).size();
          }
          return listed;
        }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(rounds);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(requests.get()).isEqualTo(callers * rounds);
    assertThat(protocols).containsExactly("HTTP/2.0");
  }
}
