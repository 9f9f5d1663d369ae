package io.mdrotator.motherduck;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A body subscriber that reads the reply as UTF-8 text, bounded in size and in time:
 *
 * <ul>
 *   <li>never more than {@code limit} bytes: a larger body (announced by {@code Content-Length} or
 *       found while reading) fails the exchange with {@link TooLarge};
 *   <li>never past the exchange's deadline: the JDK client's own timers stop once the headers are
 *       in, so a server sending its body at 1 byte/s would hold the caller for ever; a timer fails
 *       the body with {@link TooSlow} when the deadline passes.
 * </ul>
 *
 * Either way the subscription is cancelled, so the client drops the connection instead of reading
 * on, and no part of the body is kept.
 *
 * <p>Threads: the HTTP client signals {@code onNext}/{@code onError}/{@code onComplete} on its own
 * thread, the timer fires on {@link #TIMER}'s. Which terminal signal wins is decided under this
 * object's lock; the signal itself (and the cancel) is delivered outside it, so no lock of ours is
 * held while the JDK's completion code runs.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {
  /**
   * One daemon thread for every client's body deadlines. Timers are removed when cancelled, so an
   * idle client leaves nothing queued; the thread only wakes for a deadline that actually passes or
   * when a new deadline becomes the earliest one.
   */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  /** The reply was longer than the limit. The message says what was announced or received. */
  static final class TooLarge extends IOException {
    TooLarge(long limit, long announced, long received) {
      super(announced > limit
          ? "is larger than the " + limit + "-byte limit (Content-Length " + announced + "); not read"
          : "is larger than the " + limit + "-byte limit (" + received + " bytes received before it was dropped)");
    }
  }

  /** The body was still arriving when the exchange's deadline passed. */
  static final class TooSlow extends IOException {
    TooSlow(Duration timeout, long received) {
      super("body was not complete within the request timeout of " + IoFailures.human(timeout) + " ("
          + received + " bytes received)");
    }
  }

  private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
  private final long limit;
  /** Content-Length, or -1 when not announced. */
  private final long announced;
  private final long deadlineNanos;
  private final Duration timeout;
  private long counted;
  private Flow.Subscription subscription;
  private ScheduledFuture<?> timer;
  private boolean ended;

  /**
   * {@code deadlineNanos}: {@link System#nanoTime()} by which the whole body must be in;
   * {@code timeout}: the exchange's timeout, for the message.
   */
  BoundedBody(long limit, long announced, long deadlineNanos, Duration timeout) {
    this.limit = limit;
    this.announced = announced;
    this.deadlineNanos = deadlineNanos;
    this.timeout = timeout;
  }

  /** A subscriber for this reply; {@code Content-Length} is taken from {@code info}. */
  static BoundedBody of(HttpResponse.ResponseInfo info, long limit, long deadlineNanos, Duration timeout) {
    return new BoundedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1), deadlineNanos, timeout);
  }

  /** The first {@code type} in {@code e}'s cause chain, or null. */
  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** True when {@code e} or one of its causes is a {@link TooLarge}. */
  static boolean isTooLarge(Throwable e) {
    return find(e, TooLarge.class) != null;
  }

  @Override
  public CompletionStage<String> getBody() {
    return bytes.getBody().thenApply(b -> new String(b, StandardCharsets.UTF_8));
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    synchronized (this) {
      subscription = s;
    }
    bytes.onSubscribe(s);
    if (announced > limit) {
      // Content-Length already says too much: fail before reading a byte
      fail(new TooLarge(limit, announced, 0));
      return;
    }
    long left = deadlineNanos - System.nanoTime();
    ScheduledFuture<?> t = TIMER.schedule(this::deadlinePassed, Math.max(0, left), TimeUnit.NANOSECONDS);
    boolean endedMeanwhile;
    synchronized (this) {
      timer = t;
      endedMeanwhile = ended;
    }
    if (endedMeanwhile) {
      t.cancel(false);
    }
  }

  private void deadlinePassed() {
    long received;
    synchronized (this) {
      received = counted;
    }
    fail(new TooSlow(timeout, received));
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    long received;
    synchronized (this) {
      counted += items.stream().mapToLong(ByteBuffer::remaining).sum();
      if (ended) {
        return;
      }
      if (counted <= limit) {
        // ofByteArray only keeps the buffers: nothing of the JDK's runs under our lock
        bytes.onNext(items);
        return;
      }
      received = counted;
    }
    fail(new TooLarge(limit, announced, received));
  }

  /** Ends the body with {@code cause} unless it already ended: cancels (drops the connection) and fails it. */
  private void fail(IOException cause) {
    if (claimEnd()) {
      subscription.cancel();
      bytes.onError(cause);
    }
  }

  @Override
  public void onError(Throwable t) {
    if (claimEnd()) {
      bytes.onError(t);
    }
  }

  @Override
  public void onComplete() {
    if (claimEnd()) {
      bytes.onComplete();
    }
  }

  /** True for the first terminal signal only; it also stops the deadline timer. */
  private boolean claimEnd() {
    ScheduledFuture<?> t;
    synchronized (this) {
      if (ended) {
        return false;
      }
      ended = true;
      t = timer;
    }
    if (t != null) {
      t.cancel(false);
    }
    return true;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "motherduck-body-deadline");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
