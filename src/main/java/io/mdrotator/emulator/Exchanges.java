package io.mdrotator.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Small helpers for writing replies from the JDK HttpServer, shared by both emulators. */
public final class Exchanges {
  private Exchanges() {}

  /**
   * Turns Nagle's algorithm off on the JDK HttpServer's sockets. The server writes a reply as
   * headers then body; with Nagle the body waits for the client's delayed ACK of the headers, about
   * 40 ms per exchange on a kept-alive connection. The JDK reads the property once, when the first
   * server of the JVM is created, so both emulators call this before creating theirs; a JVM that
   * started another JDK server first keeps that server's setting.
   */
  public static void noDelayOnServerSockets() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Sends {@code body} with the exact {@code contentType} given (no charset is added). */
  public static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    if (status == 204 || bytes.length == 0) {
      ex.sendResponseHeaders(status, -1);
    } else {
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  /** Sends the first half of {@code body} with a Content-Length of the whole: a truncated reply. */
  public static void sendTruncated(HttpExchange ex, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(200, bytes.length);
    OutputStream out = ex.getResponseBody();
    out.write(bytes, 0, bytes.length / 2);
    out.flush();
    dropConnection(ex);
  }

  /**
   * Closes the connection without a reply. Closing an exchange before its headers were sent makes
   * the JDK server close the socket, so the client sees an I/O error, not an HTTP status.
   */
  public static void dropConnection(HttpExchange ex) {
    ex.close();
  }

  /** Reads the whole request body as UTF-8. */
  public static String body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Sleeps for an injected latency; an interrupt ends the sleep and is kept on the thread. */
  public static void delay(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
