package io.mdrotator.tls;

import io.mdrotator.tls.PemFiles.PemException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the client {@link SSLContext} of an endpoint (MotherDuck, Vault) from its PEM files; the
 * configuration loader uses the same readers to check the files at load time. Verification
 * is always on: the trust managers are the JDK's PKIX ones, over the CAs of {@code caFile} when given
 * (they replace the JVM trust store: a TLS-inspecting proxy's CA, a private CA) or the JVM trust
 * store otherwise; nothing here reads the environment or offers a way to trust every certificate.
 * Host names are checked by the HTTP client, not by the context.
 */
public final class TlsContexts {
  /** The TLS versions a client offers: 1.3 and 1.2 (older ones are disabled by the JDK anyway). */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  private static final char[] NO_PASSWORD = new char[0];

  private TlsContexts() {}

  /**
   * The context trusting {@code caFile}'s CAs (empty: the JVM trust store) and presenting {@code
   * clientCert} with {@code clientKey} when both are given; a file that cannot be used is a {@link
   * PemException} naming it.
   */
  public static SSLContext client(Optional<Path> caFile, Optional<Path> clientCert, Optional<Path> clientKey)
      throws PemException {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(caFile.isPresent() ? trustStore(certificates(caFile.get(), "CA file")) : null);
      KeyManagerFactory keys = null;
      if (clientCert.isPresent() && clientKey.isPresent()) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore(clientCert.get(), clientKey.get()), NO_PASSWORD);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The client certificate chain of {@code certFile} with the key of {@code keyFile}, checked to
   * belong together (a signature made with the key verifies with the certificate).
   */
  static KeyStore keyStore(Path certFile, Path keyFile) throws PemException, GeneralSecurityException {
    List<X509Certificate> chain = certificates(certFile, "client certificate file");
    PrivateKey key;
    try {
      key = PemFiles.privateKey(keyFile);
    } catch (PemException e) {
      throw e.as("client key file");
    }
    if (!matches(chain.get(0), key)) {
      throw new PemException(keyFile, "is not the key of the certificate in " + certFile).as("client key file");
    }
    KeyStore ks = emptyStore();
    ks.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
    return ks;
  }

  private static List<X509Certificate> certificates(Path file, String role) throws PemException {
    try {
      return PemFiles.certificates(file);
    } catch (PemException e) {
      throw e.as(role);
    }
  }

  private static KeyStore trustStore(List<X509Certificate> cas) throws GeneralSecurityException {
    KeyStore ks = emptyStore();
    for (int i = 0; i < cas.size(); i++) {
      ks.setCertificateEntry("ca-" + i, cas.get(i));
    }
    return ks;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create an in-memory key store", e);
    }
    return ks;
  }

  /** True when {@code key} signs what {@code cert}'s public key verifies. */
  public static boolean matches(X509Certificate cert, PrivateKey key) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448 name their own signature
    };
    byte[] probe = "md-rotator key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // e.g. an RSA key with an EC certificate
    }
  }
}
