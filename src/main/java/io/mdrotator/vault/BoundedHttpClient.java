package io.mdrotator.vault;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The {@link HttpClient} of a {@link VaultConnection}: every exchange, whoever sends it (our REST
 * path through the driver's {@code Rest}, or the driver's own API, which always reads the body
 * with {@code BodyHandlers.ofString()}), is bounded here, in {@link #send}:
 *
 * <ul>
 *   <li>one <b>deadline</b> covers connecting, the wait for headers and reading the whole body; when
 *       it passes, the body is cancelled (the connection is closed) and {@code send} throws
 *       {@link ReplyLimitExceeded}, whatever the server still trickles;
 *   <li>the body passes through a {@link CappedSubscriber}: past {@code maxReplyBytes} reading
 *       stops and {@code send} throws {@link ReplyLimitExceeded}; the caller's handler never holds
 *       more than the cap.
 * </ul>
 *
 * Only the synchronous {@code send} is offered: an asynchronous caller could outlive the deadline,
 * and nothing in this package sends asynchronously.
 */
final class BoundedHttpClient extends HttpClient {
  /**
   * Fires the body deadlines of every connection's exchanges (one daemon thread, mostly idle). A
   * cancelled timer leaves the queue at once: kept until its deadline, the timers of a pass's
   * thousands of finished reads would each wake the thread once more, seconds later.
   */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

  private static ScheduledThreadPoolExecutor deadlineTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "vault-reply-deadline");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private final HttpClient delegate;
  private final Duration deadline;
  private final long maxReplyBytes;

  BoundedHttpClient(HttpClient delegate, Duration deadline, long maxReplyBytes) {
    this.delegate = delegate;
    this.deadline = deadline;
    this.maxReplyBytes = maxReplyBytes;
  }

  Duration deadline() {
    return deadline;
  }

  /**
   * Sends on the calling thread through the delegate's synchronous {@code send}: its
   * {@code sendAsync} hands every completed exchange to the JDK's default async pool, which on a
   * machine with two cores or fewer is a new thread per exchange. The request timeout (the
   * deadline) bounds connecting and the wait for headers; a timer on {@link #DEADLINES} aborts the
   * body when the deadline passes while it is still being read.
   */
  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    String name = request.method() + " " + request.uri().getRawPath();
    Watch<T> watch = new Watch<>();
    ScheduledFuture<?> timer = DEADLINES.schedule(() -> watch.abort(lateness(name, start, watch, null)),
        deadline.toNanos(), TimeUnit.NANOSECONDS);
    try {
      return delegate.send(withDeadline(request),
          info -> watch.attach(new CappedSubscriber<>(handler.apply(info), maxReplyBytes, contentLength(info), info.statusCode())));
    } catch (InterruptedException e) {
      watch.abort(e);
      throw e;
    } catch (IOException | RuntimeException e) {
      throw failure(name, start, watch, e);
    } finally {
      timer.cancel(false);
    }
  }

  /**
   * {@code request} with the deadline as its timeout; copied only when it carries another one (a
   * copy rebuilds the header map, a measurable share of a store read's CPU).
   */
  private HttpRequest withDeadline(HttpRequest request) {
    return request.timeout().filter(deadline::equals).isPresent()
        ? request
        : HttpRequest.newBuilder(request, (n, v) -> true).timeout(deadline).build();
  }

  private IOException failure(String name, long start, Watch<?> watch, Throwable failure) {
    Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    for (Throwable t = f; t != null; t = t.getCause()) {
      if (t instanceof CappedSubscriber.TooLarge) {
        CappedSubscriber<?> b = watch.body();
        return ReplyLimitExceeded.tooLarge(name, maxReplyBytes, b.status(), b.announced(), b.received(), since(start));
      }
      if (t instanceof ReplyLimitExceeded late) {
        return late; // the deadline timer aborted the body; the client wraps the abort's cause
      }
    }
    if (f instanceof HttpTimeoutException && !(f instanceof HttpConnectTimeoutException)) {
      return lateness(name, start, watch, f); // the request timeout (the same deadline) fired first
    }
    if (f instanceof IOException io) {
      return io;
    }
    if (f instanceof Error e) {
      throw e;
    }
    return new IOException(name + ": " + f.getClass().getSimpleName(), f);
  }

  private ReplyLimitExceeded lateness(String name, long start, Watch<?> watch, Throwable cause) {
    CappedSubscriber<?> b = watch.body();
    return ReplyLimitExceeded.deadline(name, deadline, since(start), b == null ? 0 : b.status(),
        b == null ? 0 : b.received(), cause);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static long contentLength(HttpResponse.ResponseInfo info) {
    try {
      return info.headers().firstValueAsLong("Content-Length").orElse(-1);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The body subscriber of one exchange, once headers came, and an abort that may come first. */
  private static final class Watch<T> {
    private CappedSubscriber<T> body;
    private Throwable aborted;

    synchronized CappedSubscriber<T> attach(CappedSubscriber<T> b) {
      body = b;
      if (aborted != null) {
        b.abort(aborted);
      }
      return b;
    }

    synchronized CappedSubscriber<T> body() {
      return body;
    }

    synchronized void abort(Throwable why) {
      aborted = why;
      if (body != null) {
        body.abort(why);
      }
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    throw new UnsupportedOperationException("Vault exchanges are synchronous and bounded: use send");
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    throw new UnsupportedOperationException("Vault exchanges are synchronous and bounded: use send");
  }

  // ---- plain delegation ----------------------------------------------------------------------

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public String toString() {
    return "Bounded" + delegate;
  }
}
