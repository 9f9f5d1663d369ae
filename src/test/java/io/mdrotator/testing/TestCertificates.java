package io.mdrotator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed key pairs for TLS tests, made by the JDK's {@code keytool} (one child process each,
 * about a second: make them once per test class). Each certificate (but {@link #shared} ones not
 * called {@code server}) names {@code 127.0.0.1} and
 * {@code localhost}, so a client verifying host names accepts it when it trusts it.
 */
public final class TestCertificates {
  private static final String PASSWORD = "changeit";

  private static final Map<String, Identity> SHARED = new HashMap<>();
  private static Path sharedDir;

  private TestCertificates() {}

  /**
   * A JVM-wide EC P-256 identity called {@code name}, made on first use in a temporary directory
   * that is removed when the JVM exits. Only the one called {@code server} names {@code 127.0.0.1}
   * and {@code localhost}; any other (e.g. {@code client}) names no host, so a client that trusts
   * it still refuses it as a server certificate.
   */
  public static synchronized Identity shared(String name) {
    try {
      if (sharedDir == null) {
        Path dir = Files.createTempDirectory("md-rotator-pki");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(dir)));
        sharedDir = dir;
      }
      Identity id = SHARED.get(name);
      if (id == null) {
        id = make(sharedDir, name, "server".equals(name), "EC", "-groupname", "secp256r1");
        SHARED.put(name, id);
      }
      return id;
    } catch (Exception e) {
      throw new IllegalStateException("cannot make test key material", e);
    }
  }

  private static void deleteAll(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** A key pair: PKCS#12 store, certificate PEM, PKCS#8 private key PEM. */
  public record Identity(String name, Path p12, Path certPem, Path keyPem) {
    public KeyStore keyStore() throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(p12)) {
        ks.load(in, PASSWORD.toCharArray());
      }
      return ks;
    }

    public X509Certificate certificate() throws Exception {
      return (X509Certificate) keyStore().getCertificate(name);
    }

    /** A server context presenting this identity; {@code trustedClients} are required-client-cert anchors. */
    public SSLContext serverContext(Certificate... trustedClients) throws Exception {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore(), PASSWORD.toCharArray());
      TrustManagerFactory tmf = null;
      if (trustedClients.length > 0) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trustedClients.length; i++) {
          trust.setCertificateEntry("client" + i, trustedClients[i]);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return ctx;
    }
  }

  /** An EC P-256 self-signed identity in {@code dir}. */
  public static Identity ec(Path dir, String name) throws Exception {
    return make(dir, name, true, "EC", "-groupname", "secp256r1");
  }

  /** An RSA 2048 self-signed identity in {@code dir}. */
  public static Identity rsa(Path dir, String name) throws Exception {
    return make(dir, name, true, "RSA", "-keysize", "2048");
  }

  private static Identity make(Path dir, String name, boolean namesLoopback, String keyalg, String... extra)
      throws Exception {
    Path p12 = dir.resolve(name + ".p12");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-dname", "CN=" + name, "-validity", "2", "-storetype", "PKCS12",
        "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD, "-keyalg", keyalg));
    if (namesLoopback) {
      cmd.addAll(List.of("-ext", "SAN=IP:127.0.0.1,DNS:localhost"));
    }
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    Identity id = new Identity(name, p12, dir.resolve(name + ".pem"), dir.resolve(name + "-key.pem"));
    KeyStore ks = id.keyStore();
    Files.writeString(id.certPem(), pem("CERTIFICATE", ks.getCertificate(name).getEncoded()));
    Files.writeString(id.keyPem(), pem("PRIVATE KEY", ((PrivateKey) ks.getKey(name, PASSWORD.toCharArray())).getEncoded()));
    return id;
  }

  /** PEM text of DER bytes with the given label. */
  public static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
