package io.mdrotator.vault;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Passes a reply body through to the caller's subscriber while counting it. More than {@code cap}
 * bytes, announced by {@code Content-Length} or counted, cancels the body (the HTTP client then
 * closes the connection, so nothing more is read) and fails the reply with {@link TooLarge}; the
 * caller's subscriber never holds more than {@code cap} bytes plus one delivery. {@link #abort}
 * does the same from the waiting thread when the exchange's deadline passes. Signals are
 * serialized (the HTTP client delivers on its selector thread, an abort comes from the caller).
 */
final class CappedSubscriber<T> implements HttpResponse.BodySubscriber<T> {
  /** The body went past the cap; carries no part of it. */
  static final class TooLarge extends IOException {
    TooLarge(long cap) {
      super("reply body larger than " + cap + " bytes");
    }
  }

  /**
   * Marks a body that completed, so a later abort or signal is ignored. Shared and without a stack
   * trace: it is never thrown or handed to anyone, and one per reply was a measurable share of a
   * catch-up's CPU.
   */
  private static final Throwable COMPLETED = new Throwable("completed", null, false, false) { };

  private final HttpResponse.BodySubscriber<T> inner;
  private final long cap;
  private final long announced;
  private final int status;
  private Flow.Subscription subscription;
  private Throwable stopped;
  private long received;

  /** {@code announced}: the {@code Content-Length}, or -1 when the body is not announced. */
  CappedSubscriber(HttpResponse.BodySubscriber<T> inner, long cap, long announced, int status) {
    this.inner = inner;
    this.cap = cap;
    this.announced = announced;
    this.status = status;
  }

  /** The reply's status: headers have arrived. */
  int status() {
    return status;
  }

  /** The {@code Content-Length}, or -1 when not announced. */
  long announced() {
    return announced;
  }

  synchronized long received() {
    return received;
  }

  @Override
  public CompletionStage<T> getBody() {
    return inner.getBody();
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
    inner.onSubscribe(s);
    if (stopped != null) {
      stop(stopped); // aborted before the body started
    } else if (announced > cap) {
      stop(new TooLarge(cap)); // Content-Length already says too much: not a byte is read
    }
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> items) {
    if (stopped != null) {
      return;
    }
    for (ByteBuffer b : items) {
      received += b.remaining();
    }
    if (received > cap) {
      stop(new TooLarge(cap));
      return;
    }
    inner.onNext(items);
  }

  @Override
  public synchronized void onError(Throwable t) {
    if (stopped == null) {
      stopped = t;
      inner.onError(t);
    }
  }

  @Override
  public synchronized void onComplete() {
    if (stopped == null) {
      stopped = COMPLETED;
      inner.onComplete();
    }
  }

  /** Stops reading: the deadline passed or the caller was interrupted. Idempotent. */
  synchronized void abort(Throwable why) {
    if (stopped == null) {
      if (subscription == null) {
        stopped = why; // onSubscribe will cancel at once
      } else {
        stop(why);
      }
    }
  }

  private void stop(Throwable why) {
    stopped = why;
    subscription.cancel();
    inner.onError(why);
  }
}
