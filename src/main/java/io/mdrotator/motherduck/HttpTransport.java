package io.mdrotator.motherduck;

import io.mdrotator.port.IoFailure;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckIoException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.Policy;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import io.mdrotator.port.ApiCallListener;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
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
 * HTTP plumbing of {@link MotherDuckClient}: one reused {@link HttpClient}, bearer auth, one deadline
 * per attempt covering connect, headers and body, a reply size cap, TLS as {@link ClientTls} sets it,
 * client-side rate limit and retries (Failsafe), listener reports and clock-skew tracking.
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
    ClientTls.refuseDisabledHostnameVerification();
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
    this.http = ClientTls.apply(b, tls).build();
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
      throw ioException(call, f, attempts.get());
    } catch (RateLimitExceededException e) {
      throw new MotherDuckIoException(call.operation(), call.username(), IoFailure.RATE_LIMIT_WAIT,
          call.endpoint() + ": client-side rate limit: no permit within "
              + IoFailures.human(settings.maxRetryTime().plus(settings.requestTimeout())) + "; the request was not sent",
          attempts.get(), null);
    } catch (FailsafeException e) {
      throw new MotherDuckIoException(call.operation(), call.username(), IoFailure.INTERRUPTED,
          call.endpoint() + ": interrupted", attempts.get(), e.getCause());
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
      return failure instanceof AttemptFailure f && f.kind != IoFailure.INTERRUPTED
          && f.kind != IoFailure.REPLY_TOO_LARGE && (call.idempotent() || !f.kind.mayHaveReachedServer());
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

  /**
   * One attempt under one deadline, {@code requestTimeout} from now: the JDK client's connect and
   * request timeouts bound the connection and the wait for the headers, and {@link BoundedBody}
   * bounds the rest of the body by the same instant (and its size).
   */
  private HttpReply sendOnce(ApiCall call) {
    HttpRequest request = request(call);
    long t0 = System.nanoTime();
    long deadline = t0 + settings.requestTimeout().toNanos();
    // The status line's code once it was read: an I/O error after it is a cut-off body, not a lost reply.
    AtomicInteger replyStatus = new AtomicInteger();
    try {
      HttpResponse<String> r = http.send(request, info -> {
        replyStatus.set(info.statusCode());
        return BoundedBody.of(info, MAX_REPLY_BYTES, deadline, settings.requestTimeout());
      });
      recordSkew(r.headers());
      report(call, outcome(r.statusCode()), t0);
      return new HttpReply(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      report(call, "io_error", t0);
      throw attemptFailure(e, IoFailures.classify(e, replyStatus.get()), replyStatus.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      report(call, "io_error", t0);
      throw attemptFailure(new IOException("interrupted while waiting for the reply"), IoFailure.INTERRUPTED, 0);
    }
  }

  private AttemptFailure attemptFailure(IOException e, IoFailure kind, int replyStatus) {
    return new AttemptFailure(e, kind,
        IoFailures.describe(kind, e, replyStatus, settings.baseUrl(), settings.requestTimeout(), errors::scrub));
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

  private MotherDuckIoException ioException(ApiCall call, AttemptFailure f, int attempts) {
    String detail = f.detail + (f.kind.mayHaveReachedServer() && !call.idempotent() ? "; the request may have been processed" : "");
    return new MotherDuckIoException(call.operation(), call.username(), f.kind, call.endpoint() + ": " + detail, attempts,
        f.getCause());
  }

  java.net.URI baseUrl() {
    return settings.baseUrl();
  }

  /** One failed attempt; unchecked so Failsafe hands it back unwrapped. */
  static final class AttemptFailure extends RuntimeException {
    final IoFailure kind;
    final String detail;

    AttemptFailure(IOException cause, IoFailure kind, String detail) {
      super(cause.getMessage(), cause, false, false);
      this.kind = kind;
      this.detail = detail;
    }
  }
}
