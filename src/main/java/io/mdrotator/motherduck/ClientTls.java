package io.mdrotator.motherduck;

import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * TLS of the client's {@link HttpClient}: verification cannot be switched off and TLS 1.3 and 1.2
 * are offered. Which CAs are trusted is the {@link SSLContext}'s business (the caller's).
 */
final class ClientTls {
  /** Offered in this order whatever the context's defaults; older versions are never offered. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  /**
   * The JDK client checks the server's host name against its certificate unless this system
   * property is set; verification is not switchable, so no client is built while it is set.
   */
  static final String NO_HOSTNAME_CHECK = "jdk.internal.httpclient.disableHostnameVerification";

  private ClientTls() {}

  /** Throws when {@link #NO_HOSTNAME_CHECK} is set the way the JDK honours it (empty or true). */
  static void refuseDisabledHostnameVerification() {
    String v = System.getProperty(NO_HOSTNAME_CHECK);
    if (v != null && (v.isEmpty() || Boolean.parseBoolean(v))) {
      throw new IllegalStateException("system property " + NO_HOSTNAME_CHECK + " is set: MotherDuck's certificate"
          + " would not be checked against its host name; remove it");
    }
  }

  /** {@code tls}: the context to use, or null for the JVM's default one. */
  static HttpClient.Builder apply(HttpClient.Builder b, SSLContext tls) {
    SSLContext context = tls != null ? tls : defaultContext();
    SSLParameters p = context.getDefaultSSLParameters();
    p.setProtocols(PROTOCOLS);
    return b.sslContext(context).sslParameters(p);
  }

  private static SSLContext defaultContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }
}
