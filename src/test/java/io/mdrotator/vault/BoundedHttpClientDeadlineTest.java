package io.mdrotator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * Every exchange reaches the wire with the connection's deadline as its request timeout; a request
 * that already carries exactly that timeout is sent as it is (no copy of its headers), any other
 * is rebuilt with the deadline.
 */
class BoundedHttpClientDeadlineTest {
  private static final URI VAULT = URI.create("http://vault.invalid:8200/v1/secret/data/a");

  @Test
  void aRequestCarryingTheDeadlineIsSentAsItIs() throws Exception {
    Duration deadline = Duration.ofSeconds(30);
    HttpRequest request = HttpRequest.newBuilder(VAULT).header("X-Vault-Request", "true").timeout(deadline).build();

    HttpRequest sent = sentThrough(deadline, request);

    assertThat(sent).isSameAs(request);
  }

  @Test
  void aRequestWithoutTimeoutGetsTheDeadline() throws Exception {
    Duration deadline = Duration.ofMillis(1500);
    HttpRequest request = HttpRequest.newBuilder(VAULT).header("X-Vault-Request", "true").build();

    HttpRequest sent = sentThrough(deadline, request);

    assertThat(sent.timeout()).contains(deadline);
    assertThat(sent.headers().firstValue("X-Vault-Request")).contains("true");
    assertThat(sent.uri()).isEqualTo(VAULT);
  }

  @Test
  void aRequestWithAnotherTimeoutGetsTheDeadlineInstead() throws Exception {
    Duration deadline = Duration.ofMillis(1500);
    HttpRequest request = HttpRequest.newBuilder(VAULT).timeout(Duration.ofSeconds(2)).build();

    assertThat(sentThrough(deadline, request).timeout()).contains(deadline);
  }

  @Test
  void theStoreSendsItsReadsWithTheDeadlineAlreadySetWhenItIsWholeSeconds() throws Exception {
    VaultConnection whole = new VaultConnection(URI.create("http://vault.invalid:8200"), null, null, null, null,
        Duration.ofSeconds(5), Duration.ofSeconds(30));
    VaultConnection fractional = new VaultConnection(URI.create("http://vault.invalid:8200"), null, null, null, null,
        Duration.ofSeconds(5), Duration.ofMillis(2500));

    assertThat(requestOf(whole).timeout()).contains(Duration.ofSeconds(30));
    assertThat(requestOf(fractional).timeout()).isEmpty(); // the bounded client sets it
  }

  /** The request {@link VaultConnection#rest} builds for a GET, as the driver's {@code Rest} hands it over. */
  private static HttpRequest requestOf(VaultConnection connection) throws Exception {
    java.lang.reflect.Method build = io.github.jopenlibs.vault.rest.Rest.class.getDeclaredMethod("buildRequest", Boolean.class);
    build.setAccessible(true);
    return ((HttpRequest.Builder) build.invoke(connection.rest(null, "secret/data/a"), Boolean.TRUE)).GET().build();
  }

  private static HttpRequest sentThrough(Duration deadline, HttpRequest request) throws Exception {
    Capturing wire = new Capturing();
    BoundedHttpClient client = new BoundedHttpClient(wire, deadline, 1024);
    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class).hasMessage("captured");
    return wire.sent;
  }

  /** Records the request that would go on the wire, and fails it. */
  private static final class Capturing extends HttpClient {
    HttpRequest sent;

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
      sent = request;
      throw new IOException("captured");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest r, HttpResponse.BodyHandler<T> h) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest r, HttpResponse.BodyHandler<T> h,
        HttpResponse.PushPromiseHandler<T> p) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
      return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
      return null;
    }

    @Override
    public SSLParameters sslParameters() {
      return null;
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return Optional.empty();
    }

    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
      return Optional.empty();
    }
  }
}
