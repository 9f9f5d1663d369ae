package io.mdrotator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test key material made once per JVM by keytool (key generation is the slow part on a shared
 * machine): a "server" pair for {@code localhost}/{@code 127.0.0.1} and a "client" pair, each
 * self-signed, as PKCS12 and as PEM files ({@code NAME.pem} the certificate, {@code NAME-key.pem}
 * the PKCS#8 key). A self-signed certificate is its own CA, so {@code server.pem} is the CA file
 * that trusts the server.
 */
public final class TestPki {
  private static final String PASSWORD = "changeit";
  private static TestPki shared;
  private final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  /** The JVM-wide material, made on first use. */
  public static synchronized TestPki shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("md-rotator-pki");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(dir)));
        TestPki pki = new TestPki(dir);
        pki.keyPair("server", "EC", "-groupname", "secp256r1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost");
        pki.keyPair("client", "EC", "-groupname", "secp256r1");
        shared = pki;
      } catch (Exception e) {
        throw new IllegalStateException("cannot make test key material", e);
      }
    }
    return shared;
  }

  private static void deleteAll(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }

  /** {@code NAME.pem}: the certificate. */
  public Path cert(String name) {
    return dir.resolve(name + ".pem");
  }

  /** {@code NAME-key.pem}: the unencrypted PKCS#8 key. */
  public Path key(String name) {
    return dir.resolve(name + "-key.pem");
  }

  /** A server context presenting {@code name}'s pair; client certificates trusted from {@code clientCas} (may be none). */
  public SSLContext serverContext(String name, X509Certificate... clientCas) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(name), PASSWORD.toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (int i = 0; i < clientCas.length; i++) {
      trust.setCertificateEntry("ca-" + i, clientCas[i]);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  /** {@code name}'s certificate. */
  public X509Certificate certificate(String name) throws Exception {
    return (X509Certificate) load(name).getCertificate(name);
  }

  private KeyStore load(String name) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private void keyPair(String name, String keyalg, String... extra) throws Exception {
    Path ks = dir.resolve(name + ".p12");
    List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-dname", "CN=" + name,
        "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD,
        "-keypass", PASSWORD, "-keyalg", keyalg));
    args.addAll(List.of(extra));
    keytool(args);
    keytool(List.of("-exportcert", "-rfc", "-alias", name, "-keystore", ks.toString(), "-storepass", PASSWORD,
        "-file", cert(name).toString()));
    PrivateKey key = (PrivateKey) load(name).getKey(name, PASSWORD.toCharArray());
    Files.writeString(key(name), pem("PRIVATE KEY", key.getEncoded()));
  }

  /** A PEM block of {@code der}. */
  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static void keytool(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
