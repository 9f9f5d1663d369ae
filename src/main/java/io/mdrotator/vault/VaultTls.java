package io.mdrotator.vault;

import io.mdrotator.tls.PemFiles.PemException;
import io.mdrotator.tls.TlsContexts;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The TLS context of a {@link VaultConnection}, built from the configured PEM files only (by
 * {@link TlsContexts}, as MotherDuck's).
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
  public static final List<String> PROTOCOLS = TlsContexts.PROTOCOLS;

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
      return new VaultTls(TlsContexts.client(Optional.ofNullable(caFile), Optional.ofNullable(clientCert),
          Optional.ofNullable(clientKey)));
    } catch (PemException e) {
      throw new VaultTlsException("configure", null, e.file(), "TLS " + e.getMessage(), null);
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

  @Override
  public String toString() {
    return "VaultTls" + Arrays.toString(parameters.getProtocols());
  }
}
