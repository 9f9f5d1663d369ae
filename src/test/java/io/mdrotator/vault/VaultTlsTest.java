package io.mdrotator.vault;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.VaultStoreException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a CA file, and with a client certificate: key pairs made by keytool at test time. */
class VaultTlsTest {
  private static final String PASSWORD = "changeit";
  @TempDir static Path dir;
  private static Path serverP12;

  @org.junit.jupiter.api.BeforeAll
  static void serverKeyPair() throws Exception {
    serverP12 = keyPair("server", "EC", "-groupname", "secp256r1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost");
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** A self-signed key pair in a PKCS12 file, and its certificate as PEM. */
  private static Path keyPair(String name, String keyalg, String... extra) throws Exception {
    Path ks = dir.resolve(name + ".p12");
    List<String> args = new java.util.ArrayList<>(List.of("-genkeypair", "-alias", name, "-dname", "CN=" + name,
        "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD,
        "-keypass", PASSWORD, "-keyalg", keyalg));
    args.addAll(List.of(extra));
    keytool(args.toArray(String[]::new));
    keytool("-exportcert", "-rfc", "-alias", name, "-keystore", ks.toString(), "-storepass", PASSWORD,
        "-file", dir.resolve(name + ".pem").toString());
    return ks;
  }

  private static KeyStore load(Path p12) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private static SSLContext serverContext(Path serverP12, Certificate trustedClient) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(serverP12), PASSWORD.toCharArray());
    TrustManagerFactory tmf = null;
    if (trustedClient != null) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("client", trustedClient);
      tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
    return ctx;
  }

  private static VaultKvStore store(VaultEmulator vault, Path ca, Path cert, Path key) {
    return VaultKvStore.builder().address(vault.address()).auth(VaultAuth.token(vault.rootToken()))
        .tls(ca, cert, key).readRetries(0, Duration.ZERO).build();
  }

  @Test
  void talksHttpsTrustingOnlyTheGivenCaFile() throws Exception {
    Path ca = dir.resolve("server.pem");
    try (VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().tls(serverContext(serverP12, null)))) {
      assertThat(vault.address().getScheme()).isEqualTo("https");
      VaultKvStore store = store(vault, ca, null, null);
      assertThat(store.writeCas("tls/check", KvData.of(Map.of("k", "v")), 0)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(1L));
      assertThat(store.readLatest("tls/check")).isPresent();

      assertThatThrownBy(() -> store(vault, null, null, null).readLatest("tls/check"))
          .isInstanceOf(VaultStoreException.class)
          .satisfies(e -> assertThat(((VaultStoreException) e).status()).isZero());
    }
  }

  @Test
  void presentsTheClientCertificateWhenTheServerRequiresOne() throws Exception {
    Path clientP12 = keyPair("client", "RSA", "-keysize", "2048"); // VaultTlsHardeningTest covers an EC key
    KeyStore client = load(clientP12);
    Path clientKey = dir.resolve("client-key.pem");
    PrivateKey key = (PrivateKey) client.getKey("client", PASSWORD.toCharArray());
    Files.writeString(clientKey, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    SSLContext ctx = serverContext(serverP12, client.getCertificate("client"));
    try (VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().tls(ctx).requireClientCertificate(true))) {
      Path ca = dir.resolve("server.pem");
      assertThat(store(vault, ca, dir.resolve("client.pem"), clientKey).readLatest("tls/check")).isEmpty();
      assertThatThrownBy(() -> store(vault, ca, null, null).readLatest("tls/check"))
          .isInstanceOf(VaultStoreException.class)
          .satisfies(e -> assertThat(((VaultStoreException) e).status()).isZero());
    }
  }

  /**
   * Replies complete on the client's selector thread (no worker pool): many callers at once over
   * TLS, each opening connections with a handshake, must all be answered, not wait on each other.
   */
  @Test
  void answersManyConcurrentCallersOverTls() throws Exception {
    Path ca = dir.resolve("server.pem");
    try (VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().tls(serverContext(serverP12, null)))) {
      VaultKvStore store = store(vault, ca, null, null);
      int callers = 48;
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
      try {
        List<java.util.concurrent.Future<Long>> done = new java.util.ArrayList<>();
        for (int i = 0; i < callers; i++) {
          String path = "tls/concurrent-" + i;
          done.add(pool.submit(() -> {
            long v = 0;
            for (int round = 0; round < 5; round++) {
              CasResult r = store.writeCas(path, KvData.of(Map.of("round", String.valueOf(round))), v);
              v = ((CasResult.Written) r).version();
              assertThat(store.readLatest(path)).hasValueSatisfying(k -> assertThat(k.data().get("round")).isPresent());
            }
            return v;
          }));
        }
        for (java.util.concurrent.Future<Long> f : done) {
          assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(5L);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
