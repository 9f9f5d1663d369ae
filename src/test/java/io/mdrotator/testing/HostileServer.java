package io.mdrotator.testing;

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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 (plain TCP, or TLS with chosen protocols) that answers every
 * request with one {@link Script}: a slow header, a 1 byte/s body, an endless or huge body,
 * malformed JSON, a wrong content type, or a normal reply. One server per test case; one thread
 * per connection. It reads each request head and its {@code Content-Length} body before playing the
 * script, so a client's POST is never stuck; a finished script waits for the next request on the
 * same connection (keep-alive).
 *
 * <p>It counts what it managed to write ({@link #bytesWritten()}), notices a write the client's
 * hang-up made fail ({@link #awaitDropped}) and when connections end ({@link #awaitAllClosed}), so
 * a test can check that a client stopped reading and hung up, not only what the client reported. A
 * script ends when the client closes the connection (its next write fails), when it hangs up itself
 * ({@link Conversation#hangUp()}) or when {@link #close()} interrupts it.
 */
public final class HostileServer implements AutoCloseable {
  /** Bytes of filler written per write by the bulk scripts. */
  private static final int CHUNK = 64 * 1024;
  private static final byte[] FILLER = filler();

  /** What the server writes back for one request. */
  @FunctionalInterface
  public interface Script {
    void play(Conversation c) throws IOException, InterruptedException;
  }

  /** One request as read, and the counted stream a {@link Script} writes the reply to. */
  public static final class Conversation {
    private final String requestLine;
    private final OutputStream out;

    Conversation(String requestLine, OutputStream out) {
      this.requestLine = requestLine;
      this.out = out;
    }

    /** E.g. {@code GET /v1/secret/data/x HTTP/1.1}. */
    public String requestLine() {
      return requestLine;
    }

    public void write(String ascii) throws IOException {
      write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Ends the connection once the script returns, instead of waiting for the next request. */
    public void hangUp() {
      hangUp = true;
    }

    private boolean hangUp;
  }

  private final ServerSocket socket;
  private final Script script;
  private final String scheme;
  private final AtomicLong written = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Set<String> protocols = ConcurrentHashMap.newKeySet();
  private final CountDownLatch dropped = new CountDownLatch(1);
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private HostileServer(ServerSocket socket, String scheme, Script script) {
    this.socket = socket;
    this.scheme = scheme;
    this.script = script;
    this.acceptor = new Thread(this::acceptLoop, "hostile-accept-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Plain HTTP on an ephemeral loopback port. */
  public static HostileServer plain(Script script) throws IOException {
    return new HostileServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "http", script);
  }

  /** HTTPS with {@code ctx}'s key and only the given protocols enabled (e.g. {@code TLSv1.3}). */
  public static HostileServer tls(SSLContext ctx, List<String> protocols, Script script) throws IOException {
    return tls(ctx, protocols, false, script);
  }

  /**
   * HTTPS as {@link #tls(SSLContext, List, Script)}, every protocol {@code ctx} offers when {@code
   * protocols} is empty; {@code needClientAuth}: a client without a certificate {@code ctx} trusts
   * is refused.
   */
  public static HostileServer tls(SSLContext ctx, List<String> protocols, boolean needClientAuth, Script script)
      throws IOException {
    SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    if (!protocols.isEmpty()) {
      s.setEnabledProtocols(protocols.toArray(String[]::new));
    }
    s.setNeedClientAuth(needClientAuth);
    return new HostileServer(s, "https", script);
  }

  /** {@code http(s)://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort());
  }

  /** {@code http(s)://<host>:<port>}, e.g. {@code localhost}, the other name test certificates carry. */
  public URI uri(String host) {
    return URI.create(scheme + "://" + host + ":" + socket.getLocalPort());
  }

  /** The TLS versions of the connections that sent a request, e.g. {@code [TLSv1.3]}. */
  public Set<String> protocols() {
    return Set.copyOf(protocols);
  }

  /** Waits until a write failed because the client had closed the connection; true if it did in time. */
  public boolean awaitDropped(Duration timeout) throws InterruptedException {
    return dropped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Bytes of replies written so far, over all connections. */
  public long bytesWritten() {
    return written.get();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Request lines read so far, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /**
   * Waits until every accepted connection has ended (client hung up, or the script finished and
   * the client closed); true if that happened within {@code timeout}.
   */
  public boolean awaitAllClosed(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (open.get() > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    acceptor.interrupt();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      open.incrementAndGet();
      sockets.add(s);
      Thread t = new Thread(() -> serve(s), "hostile-conn-" + s.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = new Counting(s.getOutputStream());
      String line;
      while (!closed && (line = readRequest(in)) != null) {
        if (s instanceof SSLSocket tls) {
          protocols.add(tls.getSession().getProtocol());
        }
        requests.add(line);
        Conversation c = new Conversation(line, out);
        script.play(c);
        if (c.hangUp) {
          break;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client hung up, the TLS handshake failed, or close() stopped us: the connection ends
    } finally {
      sockets.remove(s);
      open.decrementAndGet();
    }
  }

  /** Reads a request head and its Content-Length body; returns the request line, or null at EOF. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 64 * 1024) {
        throw new IOException("request head too long");
      }
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    long length = 0;
    for (String l : lines) {
      if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(l.substring(15).trim());
      }
    }
    in.readNBytes((int) length);
    return lines[0];
  }

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
      } catch (IOException e) {
        dropped.countDown();
        throw e;
      }
      written.addAndGet(len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }

  // ---- scripts -------------------------------------------------------------------------------

  /**
   * Plays the script of the first {@code prefixes[i]} the request line starts with (e.g.
   * {@code "GET /v1/auth/token/lookup-self"}), else {@code otherwise}: a normal answer for the
   * calls a client makes first, the hostile one for the call under test.
   */
  public static Script route(Script otherwise, Object... prefixAndScript) {
    return c -> {
      for (int i = 0; i + 1 < prefixAndScript.length; i += 2) {
        if (c.requestLine().startsWith((String) prefixAndScript[i])) {
          ((Script) prefixAndScript[i + 1]).play(c);
          return;
        }
      }
      otherwise.play(c);
    };
  }

  /** A complete, well-formed reply. */
  public static Script reply(int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return c -> {
      c.write(head(status, contentType, "Content-Length: " + bytes.length));
      c.write(bytes);
    };
  }

  /** A complete reply with {@code Connection: close}, after which the server hangs up. */
  public static Script replyAndClose(int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return c -> {
      c.write(head(status, contentType, "Content-Length: " + bytes.length + "\r\nConnection: close"));
      c.write(bytes);
      c.hangUp();
    };
  }

  /** A complete reply with {@code Content-Type: application/json}. */
  public static Script json(int status, String body) {
    return reply(status, "application/json", body);
  }

  /** The status line, then the headers one byte per {@code interval}, never finishing them. */
  public static Script slowHeaders(Duration interval) {
    return c -> {
      c.write("HTTP/1.1 200 OK\r\n");
      for (byte b : "Content-Type: application/json\r\nX-Padding: ".getBytes(StandardCharsets.ISO_8859_1)) {
        c.write(new byte[] {b});
        Thread.sleep(interval.toMillis());
      }
      while (true) {
        c.write("a");
        Thread.sleep(interval.toMillis());
      }
    };
  }

  /** Complete headers announcing a 1 MiB JSON body, then the body one byte per {@code interval}. */
  public static Script slowBody(Duration interval) {
    return c -> {
      c.write(head(200, "application/json", "Content-Length: " + (1 << 20)));
      c.write("{\"data\":{\"x\":\"");
      while (true) {
        c.write("a");
        Thread.sleep(interval.toMillis());
      }
    };
  }

  /** Complete headers announcing {@code announced} JSON bytes, then one blank per {@code interval}. */
  public static Script trickle(Duration interval, int announced) {
    return c -> {
      c.write(head(200, "application/json", "Content-Length: " + announced));
      while (true) {
        c.write(" ");
        Thread.sleep(interval.toMillis());
      }
    };
  }

  /** Chunked JSON-looking body written as fast as the client takes it, forever. */
  public static Script endlessBody() {
    return c -> {
      c.write(head(200, "application/json", "Transfer-Encoding: chunked"));
      while (true) {
        c.write(Integer.toHexString(FILLER.length) + "\r\n");
        c.write(FILLER);
        c.write("\r\n");
      }
    };
  }

  /**
   * A body of {@code size} bytes written as fast as the client takes it: with a
   * {@code Content-Length} when {@code announced}, else chunked (the client must count).
   */
  public static Script largeBody(long size, boolean announced) {
    return c -> {
      c.write(head(200, "application/json", announced ? "Content-Length: " + size : "Transfer-Encoding: chunked"));
      for (long left = size; left > 0; left -= CHUNK) {
        int n = (int) Math.min(CHUNK, left);
        if (!announced) {
          c.write(Integer.toHexString(n) + "\r\n");
        }
        c.write(n == CHUNK ? FILLER : java.util.Arrays.copyOf(FILLER, n));
        if (!announced) {
          c.write("\r\n");
        }
      }
      if (!announced) {
        c.write("0\r\n\r\n");
      }
    };
  }

  /** A body of {@code size} bytes with neither length nor chunks: it ends when the server hangs up. */
  public static Script bodyUntilClose(long size) {
    return c -> {
      c.write(head(200, "application/json", "Connection: close"));
      for (long left = size; left > 0; left -= CHUNK) {
        int n = (int) Math.min(CHUNK, left);
        c.write(n == CHUNK ? FILLER : java.util.Arrays.copyOf(FILLER, n));
      }
      c.hangUp();
    };
  }

  private static String head(int status, String contentType, String framing) {
    return "HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\n" + framing + "\r\n\r\n";
  }

  private static byte[] filler() {
    byte[] b = new byte[CHUNK];
    java.util.Arrays.fill(b, (byte) 'a');
    return b;
  }
}
