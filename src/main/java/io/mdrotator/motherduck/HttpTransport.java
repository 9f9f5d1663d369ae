package io.mdrotator.motherduck;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.Policy;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import io.mdrotator.observability.ApiCallListener;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * HTTP plumbing of {@link MotherDuckClient}: one reused {@link HttpClient}, bearer auth, per-request
 * timeout, client-side rate limit and retries (Failsafe), listener reports and clock-skew tracking.
 * Returns 2xx replies; everything else becomes a {@link MotherDuckApiException}.
 */
final class HttpTransport {
  static final String TARGET = "motherduck";
  private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
  private static final double JITTER = 0.2;
  /** Largest reply body read; the API's replies are a few KiB, a token list of thousands < 1 MiB. */
  static final long MAX_REPLY_BYTES = 16L << 20;

  private final ClientSettings settings;
  private final Secret adminToken;
  private final ApiCallListener listener;
  private final Clock clock;
  private final HttpClient http;
  private final ErrorDecoder errors;
  private final Optional<RateLimiter<HttpReply>> rateLimiter;
  private final AtomicReference<Duration> skew = new AtomicReference<>();

  /** {@code tls}: the TLS context, or null for the JVM's default (its trust store). */
  HttpTransport(ClientSettings settings, Secret adminToken, ApiCallListener listener, Clock clock, SSLContext tls) {
    this.settings = settings;
    this.adminToken = adminToken;
    this.listener = listener;
    this.clock = clock;
    this.errors = new ErrorDecoder(adminToken);
    HttpClient.Builder b = HttpClient.newBuilder()
        // h2c upgrade attempts on plain http confuse simple servers; TLS negotiates h2 via ALPN.
        .version("https".equals(settings.baseUrl().getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        // Replies complete on the client's selector thread, not handed to a worker pool: callers
        // wait synchronously and BoundedBody only collects bytes, so nothing blocks there, and the
        // hand-off (a thread wake-up per reply) was a large share of a fleet catch-up's CPU
        // (docs/benchmarks.md). MotherDuckHttp2Test drives HTTP/2 over TLS this way.
        .executor(Runnable::run);
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
    this.rateLimiter = settings.requestsPerSecond() == 0
        ? Optional.empty()
        : Optional.of(RateLimiter.<HttpReply>smoothBuilder(
                Duration.ofNanos((long) (1_000_000_000L / settings.requestsPerSecond())))
            .withMaxWaitTime(settings.maxRetryTime().plus(settings.requestTimeout()))
            .build());
  }

  Optional<Duration> clockSkew() {
    return Optional.ofNullable(skew.get());
  }

  ErrorDecoder errors() {
    return errors;
  }

  /** Runs {@code call} with retries; returns the 2xx reply or throws a typed exception. */
  HttpReply execute(ApiCall call) {
    List<Policy<HttpReply>> policies = new ArrayList<>();
    policies.add(retryPolicy(call, System.nanoTime()));
    rateLimiter.ifPresent(policies::add);
    AtomicInteger attempts = new AtomicInteger();
    HttpReply reply;
    try {
      reply = Failsafe.with(policies).get(() -> {
        attempts.incrementAndGet();
        return sendOnce(call);
      });
    } catch (AttemptFailure f) {
      throw ioException(call, f);
    } catch (RateLimitExceededException e) {
      throw new MotherDuckIoException(call.operation(), call.username(),
          "client-side rate limit: no permit within " + settings.maxRetryTime().plus(settings.requestTimeout()), false, null);
    } catch (FailsafeException e) {
      throw new MotherDuckIoException(call.operation(), call.username(), "interrupted", true, e.getCause());
    }
    if (!reply.isSuccess()) {
      throw errors.decode(call, reply, attempts.get());
    }
    return reply;
  }

  private RetryPolicy<HttpReply> retryPolicy(ApiCall call, long startNanos) {
    return RetryPolicy.<HttpReply>builder()
        .handleIf((reply, failure) -> shouldRetry(call, reply, failure))
        .abortIf((reply, failure) -> reply != null && retryAfterBeyondBudget(reply, startNanos))
        .withBackoff(settings.initialBackoff(), settings.maxBackoff())
        .withJitter(JITTER)
        // Failsafe jitters every delay by +/-JITTER; dividing keeps Retry-After a floor.
        .withDelayFn(ctx -> retryAfter(ctx.getLastResult())
            .map(d -> Duration.ofNanos((long) (d.toNanos() / (1 - JITTER)) + 1))
            .orElse(Duration.ofNanos(-1)))
        .withMaxRetries(settings.maxRetries())
        .withMaxDuration(settings.maxRetryTime())
        .build();
  }

  private static boolean shouldRetry(ApiCall call, HttpReply reply, Throwable failure) {
    if (failure != null) {
      // an oversize reply would come back the same on a retry
      return failure instanceof AttemptFailure f && !f.interrupted && !BoundedBody.isTooLarge(f)
          && (call.idempotent() || !f.mayHaveReachedServer);
    }
    // A 429 is answered before processing, so even a create may be retried.
    return reply != null && RETRYABLE.contains(reply.status()) && (call.idempotent() || reply.status() == 429);
  }

  private boolean retryAfterBeyondBudget(HttpReply reply, long startNanos) {
    Duration left = settings.maxRetryTime().minusNanos(System.nanoTime() - startNanos);
    return retryAfter(reply).map(d -> d.compareTo(left) > 0).orElse(false);
  }

  private Optional<Duration> retryAfter(HttpReply reply) {
    if (reply == null || !RETRYABLE.contains(reply.status())) {
      return Optional.empty();
    }
    return RetryAfter.of(reply.headers(), clock.instant());
  }

  private HttpReply sendOnce(ApiCall call) {
    HttpRequest request = request(call);
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, BoundedBody.handler(MAX_REPLY_BYTES));
      recordSkew(r.headers());
      report(call, outcome(r.statusCode()), t0);
      return new HttpReply(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      report(call, "io_error", t0);
      throw new AttemptFailure(e, mayHaveReachedServer(e), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      report(call, "io_error", t0);
      throw new AttemptFailure(new IOException("interrupted while waiting for the reply"), true, true);
    }
  }

  private HttpRequest request(ApiCall call) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.base() + call.path()))
        .timeout(settings.requestTimeout())
        .header("Authorization", "Bearer " + adminToken.reveal())
        .header("Accept", "application/json");
    if (call.jsonBody().isPresent()) {
      b.header("Content-Type", "application/json")
          .method(call.method(), HttpRequest.BodyPublishers.ofString(call.jsonBody().get()));
    } else {
      b.method(call.method(), HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  private void recordSkew(HttpHeaders headers) {
    headers.firstValue("Date").flatMap(RetryAfter::httpDate)
        .ifPresent(server -> skew.set(Duration.between(clock.instant(), server)));
  }

  private void report(ApiCall call, String outcome, long t0) {
    listener.completed(TARGET, call.operation(), outcome, Duration.ofNanos(System.nanoTime() - t0));
  }

  static String outcome(int status) {
    if (status >= 200 && status < 300) {
      return "success";
    }
    if (status == 429) {
      return "rate_limited";
    }
    return status >= 500 ? "server_error" : "client_error";
  }

  /** Connect failures happen before a byte of the request is sent. */
  private static boolean mayHaveReachedServer(IOException e) {
    return !(e instanceof ConnectException || e instanceof HttpConnectTimeoutException);
  }

  private MotherDuckIoException ioException(ApiCall call, AttemptFailure f) {
    if (BoundedBody.isTooLarge(f)) {
      // a reply was received, so the server processed the request (a create did mint)
      return new MotherDuckIoException(call.operation(), call.username(),
          "reply of " + call.endpoint() + " is larger than " + MAX_REPLY_BYTES + " bytes; not read", true, f.getCause());
    }
    String what = f.getCause().getClass().getSimpleName();
    String detail = f.getCause().getMessage() == null ? "" : ": " + errors.scrub(f.getCause().getMessage());
    String message = "I/O error on " + call.endpoint() + " (" + what + detail + ")"
        + (f.mayHaveReachedServer && !call.idempotent() ? "; the request may have been processed" : "");
    return new MotherDuckIoException(call.operation(), call.username(), message, f.mayHaveReachedServer, f.getCause());
  }

  java.net.URI baseUrl() {
    return settings.baseUrl();
  }

  /** One failed attempt; unchecked so Failsafe hands it back unwrapped. */
  static final class AttemptFailure extends RuntimeException {
    final boolean mayHaveReachedServer;
    final boolean interrupted;

    AttemptFailure(IOException cause, boolean mayHaveReachedServer, boolean interrupted) {
      super(cause.getMessage(), cause, false, false);
      this.mayHaveReachedServer = mayHaveReachedServer;
      this.interrupted = interrupted;
    }
  }
}
