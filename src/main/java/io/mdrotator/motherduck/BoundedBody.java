package io.mdrotator.motherduck;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body handler that reads the reply as UTF-8 text but never more than {@code limit} bytes: a
 * larger body (announced by {@code Content-Length} or found while reading) fails the exchange with
 * {@link TooLarge}, so a broken or hostile server cannot make the daemon buffer without bound.
 */
final class BoundedBody {
  private BoundedBody() {}

  /** The reply was longer than the limit; no part of it is kept. */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("reply body larger than " + limit + " bytes");
    }
  }

  static HttpResponse.BodyHandler<String> handler(long limit) {
    return info -> new Subscriber(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  /** True when {@code e} or one of its causes is a {@link TooLarge}. */
  static boolean isTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TooLarge) {
        return true;
      }
    }
    return false;
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<String> {
    private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
    private final long limit;
    /** Content-Length, or -1 when not announced. */
    private final long announced;
    private long counted;
    private Flow.Subscription subscription;
    private boolean failed;

    Subscriber(long limit, long announced) {
      this.limit = limit;
      this.announced = announced;
    }

    @Override
    public CompletionStage<String> getBody() {
      return bytes.getBody().thenApply(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      this.subscription = s;
      bytes.onSubscribe(s);
      if (announced > limit) {
        // Content-Length already says too much: fail before reading a byte
        fail();
      }
    }

    private void fail() {
      failed = true;
      subscription.cancel();
      bytes.onError(new TooLarge(limit));
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (failed) {
        return;
      }
      counted += items.stream().mapToLong(ByteBuffer::remaining).sum();
      if (counted > limit) {
        fail();
        return;
      }
      bytes.onNext(items);
    }

    @Override
    public void onError(Throwable t) {
      if (!failed) {
        bytes.onError(t);
      }
    }

    @Override
    public void onComplete() {
      if (!failed) {
        bytes.onComplete();
      }
    }
  }
}
