package io.mdrotator.motherduck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A raw HTTP/1.1 server on loopback that plays one {@link Script} on every connection, byte by
 * byte, so a test can misbehave in ways a real server framework will not (headers at 1 byte/s, a
 * body that never ends). It counts the bytes it wrote and notices when the client drops the
 * connection: a client that stops reading is proven by the server, not assumed.
 */
final class HostileServer implements AutoCloseable {
  /** What to write to one connection after its request was read. */
  interface Script {
    void play(OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final Function<String, Script> scripts;
  private final String scheme;
  private final AtomicLong written = new AtomicLong();
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch dropped = new CountDownLatch(1);
  private final Set<String> protocols = ConcurrentHashMap.newKeySet();

  private HostileServer(ServerSocket socket, Function<String, Script> scripts, String scheme) {
    this.socket = socket;
    this.scripts = scripts;
    this.scheme = scheme;
    Thread t = new Thread(this::acceptLoop, "hostile-server");
    t.setDaemon(true);
    t.start();
  }

  static HostileServer plain(Script script) throws IOException {
    return plain(requestLine -> script);
  }

  /** The script for each connection chosen by its request line, e.g. {@code GET /v1/users/x/tokens HTTP/1.1}. */
  static HostileServer plain(Function<String, Script> byRequestLine) throws IOException {
    return new HostileServer(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()), byRequestLine, "http");
  }

  /**
   * HTTPS with {@code context}'s certificate, offering only {@code protocols} (e.g. TLSv1.3);
   * {@code needClientAuth}: a client without a certificate the context trusts is refused.
   */
  static HostileServer tls(SSLContext context, boolean needClientAuth, Script script, String... protocols)
      throws IOException {
    SSLServerSocket s = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
    if (protocols.length > 0) {
      s.setEnabledProtocols(protocols);
    }
    s.setNeedClientAuth(needClientAuth);
    return new HostileServer(s, requestLine -> script, "https");
  }

  /** The TLS versions of the requests served, e.g. {@code [TLSv1.3]}. */
  Set<String> protocols() {
    return Set.copyOf(protocols);
  }

  /** {@code localhost}, which the test certificate names. */
  URI uri() {
    return URI.create(scheme + "://localhost:" + socket.getLocalPort());
  }

  /** Bytes written to clients so far (status line, headers and body). */
  long bytesWritten() {
    return written.get();
  }

  /** Requests read so far. */
  int requests() {
    return requests.get();
  }

  /** Waits until a write failed because the client had closed the connection. */
  boolean awaitDropped(Duration d) throws InterruptedException {
    return dropped.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "hostile-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      String requestLine = readRequest(s.getInputStream());
      requests.incrementAndGet();
      if (s instanceof SSLSocket tls) {
        protocols.add(tls.getSession().getProtocol());
      }
      scripts.apply(requestLine).play(new Counting(s.getOutputStream()));
      s.getOutputStream().flush();
    } catch (IOException e) {
      // the client went away (or its TLS handshake failed)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the request head and its Content-Length body; returns the request line. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      head.write(c);
      byte[] b = head.toByteArray();
      if (b.length >= 4 && Arrays.equals(b, b.length - 4, b.length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, 4)) {
        break;
      }
    }
    String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
    for (String line : lines) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        in.readNBytes(Integer.parseInt(line.substring(15).strip()));
      }
    }
    return lines[0];
  }

  /** Counts what is written; a failed write means the client dropped the connection. */
  private final class Counting extends OutputStream {
    private final OutputStream out;

    Counting(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
        out.flush();
      } catch (IOException e) {
        dropped.countDown();
        throw e;
      }
      written.addAndGet(len);
    }
  }

  // ---- scripts ----

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A complete reply. */
  static Script reply(int status, String contentType, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return out -> {
      out.write(ascii("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + b.length
          + "\r\nConnection: close\r\n\r\n"));
      out.write(b);
    };
  }

  /** A status line, then one header byte every {@code every}, for ever. */
  static Script slowHeaders(Duration every) {
    return out -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nX-Slow: "));
      while (true) {
        out.write('a');
        Thread.sleep(every.toMillis());
      }
    };
  }

  /** Headers announcing 1,000 bytes, then one body byte every {@code every}. */
  static Script slowBody(Duration every) {
    return out -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"));
      while (true) {
        out.write(' ');
        Thread.sleep(every.toMillis());
      }
    };
  }

  /** A chunked body that never ends, written as fast as the client reads it. */
  static Script endlessChunkedBody() {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) ' ');
    byte[] size = ascii(Integer.toHexString(chunk.length) + "\r\n");
    return out -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
      while (true) {
        out.write(size);
        out.write(chunk);
        out.write(ascii("\r\n"));
      }
    };
  }

  /** A body of {@code bytes} blanks; {@code announce}: with Content-Length, else ended by closing. */
  static Script bigBody(long bytes, boolean announce) {
    byte[] block = new byte[64 * 1024];
    Arrays.fill(block, (byte) ' ');
    return out -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          + (announce ? "Content-Length: " + bytes + "\r\n" : "Connection: close\r\n") + "\r\n"));
      for (long left = bytes; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    };
  }
}
