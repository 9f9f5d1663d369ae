package io.mdrotator.vault;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of a {@link VaultConnection}, built from the configured PEM files only.
 *
 * <p>Not from the driver's {@code SslConfig}: its {@code build()} reads {@code VAULT_SSL_VERIFY}
 * (which, set to false, dropped the configured CA and client certificate) and
 * {@code VAULT_SSL_CERT} (which became the only trusted CA), trusts only the first certificate of
 * a CA bundle, reads RSA client keys only, and pins {@code TLSv1.2}. Here:
 *
 * <ul>
 *   <li>verification is always on: the CA file's certificates (all of them) or, without one, the
 *       JVM's trust store; host names are checked by the JDK HTTP client;
 *   <li>TLS 1.3 and 1.2 are both offered ({@link #PROTOCOLS});
 *   <li>a client certificate (its chain, leaf first) and its PKCS#8 key (RSA, EC or EdDSA) are
 *       presented when the server asks; the key must match the certificate;
 *   <li>a missing or unusable file is a {@link VaultTlsException} naming the file, never showing
 *       key material.
 * </ul>
 */
public final class VaultTls {
  /** The protocols offered, most preferred first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  private static final Pattern CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]*-----END CERTIFICATE-----");

  private final SSLContext context;
  private final SSLParameters parameters;

  private VaultTls(SSLContext context) {
    this.context = context;
    this.parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
  }

  /**
   * Builds the context: {@code caFile} null = the JVM's trust store; {@code clientCert} and
   * {@code clientKey} both null, or both set.
   *
   * @throws VaultTlsException naming the file that cannot be used, and why
   */
  public static VaultTls fromFiles(Path caFile, Path clientCert, Path clientKey) {
    if ((clientCert == null) != (clientKey == null)) {
      throw new IllegalArgumentException("client certificate and key must be given together");
    }
    try {
      TrustManagerFactory trust = caFile == null ? null : trust(caFile);
      KeyManagerFactory keys = clientCert == null ? null : keys(clientCert, clientKey);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
      return new VaultTls(ctx);
    } catch (GeneralSecurityException e) {
      throw new VaultTlsException("configure", null, null, "cannot set up TLS: " + e.getClass().getSimpleName(), null);
    }
  }

  public SSLContext context() {
    return context;
  }

  /** A copy of the parameters to hand to an HTTP client: {@link #PROTOCOLS} only. */
  public SSLParameters parameters() {
    SSLParameters p = context.getDefaultSSLParameters();
    p.setProtocols(parameters.getProtocols());
    return p;
  }

  private static TrustManagerFactory trust(Path caFile) throws GeneralSecurityException {
    List<X509Certificate> cas = certificates(caFile, "CA file");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException(e); // an empty in-memory store does no I/O
    }
    for (int i = 0; i < cas.size(); i++) {
      store.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    return f;
  }

  private static KeyManagerFactory keys(Path certFile, Path keyFile) throws GeneralSecurityException {
    List<X509Certificate> chain = certificates(certFile, "client certificate file");
    PrivateKey key = PemKeys.read(keyFile);
    if (!PemKeys.matches(key, chain.get(0).getPublicKey())) {
      throw fileError(keyFile, "client key file", "the key does not belong to the first certificate of " + certFile);
    }
    char[] password = new char[0];
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    store.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
    KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    f.init(store, password);
    return f;
  }

  /**
   * Every {@code BEGIN CERTIFICATE} block of a PEM file, in file order; at least one. Text around
   * the blocks (the comments and names of bundles like curl's {@code cacert.pem}) is skipped.
   */
  static List<X509Certificate> certificates(Path file, String role) {
    String pem = new String(read(file, role), StandardCharsets.US_ASCII);
    Matcher m = CERTIFICATE.matcher(pem);
    StringBuilder blocks = new StringBuilder();
    while (m.find()) {
      blocks.append(m.group()).append('\n');
    }
    if (blocks.length() == 0) {
      throw fileError(file, role, "no certificate found (expected PEM '-----BEGIN CERTIFICATE-----' blocks)");
    }
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(blocks.toString().getBytes(StandardCharsets.US_ASCII)))
          .stream().map(X509Certificate.class::cast).toList();
    } catch (GeneralSecurityException e) {
      throw fileError(file, role, "a certificate block does not parse (" + e.getClass().getSimpleName() + ")");
    }
  }

  static byte[] read(Path file, String role) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw fileError(file, role, "cannot read it (" + e.getClass().getSimpleName() + ")");
    }
  }

  static VaultTlsException fileError(Path file, String role, String why) {
    return new VaultTlsException("configure", null, file, "TLS " + role + " " + file + ": " + why, null);
  }

  @Override
  public String toString() {
    return "VaultTls" + Arrays.toString(parameters.getProtocols());
  }
}
