package io.mdrotator.emulator;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An emulator's listening socket: the JDK HttpServer (HTTPS when given a TLS context) serving one
 * handler at {@code /}, with one daemon thread per in-flight exchange. Injected latency sleeps on
 * that thread, and a fixed pool would cap how many requests the emulator serves at once (and what
 * a benchmark measures). Listens from {@link #start} until {@link #close}.
 */
public final class EmulatorServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private EmulatorServer(HttpServer server, String threadName, HttpHandler handler) {
    this.server = server;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
  }

  /** Plain HTTP on {@code bind}; {@code backlog} as {@link HttpServer#create} takes it. */
  public static EmulatorServer http(
      InetSocketAddress bind, int backlog, String threadName, HttpHandler handler) throws IOException {
    Exchanges.noDelayOnServerSockets();
    return new EmulatorServer(HttpServer.create(bind, backlog), threadName, handler);
  }

  /** HTTPS on {@code bind} with {@code tls}; {@code needClientAuth}: clients must present a certificate. */
  public static EmulatorServer https(InetSocketAddress bind, int backlog, SSLContext tls,
      boolean needClientAuth, String threadName, HttpHandler handler) throws IOException {
    Exchanges.noDelayOnServerSockets();
    HttpsServer https = HttpsServer.create(bind, backlog);
    https.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        p.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(p);
      }
    });
    return new EmulatorServer(https, threadName, handler);
  }

  /** The port bound (the one asked for, or the one the system chose for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
