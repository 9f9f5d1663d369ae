package io.mdrotator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a CA file: a self-signed certificate made by keytool at test time (no network). */
class VaultTlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir Path dir;

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private SSLContext serverContext(Path keystore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  @Test
  void talksHttpsTrustingOnlyTheGivenCaFile() throws Exception {
    Path ks = dir.resolve("server.p12");
    Path ca = dir.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "vault", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
    keytool("-exportcert", "-rfc", "-alias", "vault", "-keystore", ks.toString(), "-storepass", new String(PASSWORD),
        "-file", ca.toString());

    try (VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().tls(serverContext(ks)))) {
      assertThat(vault.address().getScheme()).isEqualTo("https");
      VaultKvStore store = VaultKvStore.builder().address(vault.address()).auth(VaultAuth.token(vault.rootToken()))
          .tls(ca, null, null).readRetries(0, Duration.ZERO).build();
      assertThat(store.writeCas("tls/check", KvData.of(java.util.Map.of("k", "v")), 0))
          .isEqualTo(new CasResult.Written(1));
      assertThat(store.readLatest("tls/check")).isPresent();

      VaultKvStore untrusting = VaultKvStore.builder().address(vault.address())
          .auth(VaultAuth.token(vault.rootToken())).readRetries(0, Duration.ZERO).build();
      assertThatThrownBy(() -> untrusting.readLatest("tls/check"))
          .isInstanceOf(VaultStoreException.class)
          .satisfies(e -> assertThat(((VaultStoreException) e).status()).isZero());
    }
  }
}
