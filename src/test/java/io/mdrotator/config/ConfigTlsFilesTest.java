package io.mdrotator.config;

import io.mdrotator.testing.TestCertificates;
import static io.mdrotator.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.tls.PemFiles;
import io.mdrotator.tls.TlsContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS files of {@code motherduck.tls} and {@code vault.tls} are read when the config is loaded
 * (so by {@code validate} too): a missing or unparsable CA file, a client certificate or key that
 * cannot be read, or a key that is not the certificate's, is an error at the key's line and column
 * naming the file, and never quoting its content.
 */
class ConfigTlsFilesTest {
  @TempDir Path dir;

  static String config(String mdTls, String vaultTls) {
    return "policyFile: policy.yaml\nmotherduck:\n  adminToken: {env: MD_TOKEN}\n" + mdTls
        + "vault:\n  address: https://vault.example.com\n  auth:\n    method: token\n    token: {env: VAULT_TOKEN}\n"
        + vaultTls;
  }

  static String tls(String... keyValues) {
    StringBuilder b = new StringBuilder("  tls:\n");
    for (int i = 0; i < keyValues.length; i += 2) {
      b.append("    ").append(keyValues[i]).append(": ").append(keyValues[i + 1]).append('\n');
    }
    return b.toString();
  }

  @Test
  void validFilesLoadForBothEndpoints() throws Exception {
    String mutual = tls("caFile", TestCertificates.shared("server").certPem().toString(), "clientCert", TestCertificates.shared("client").certPem().toString(),
        "clientKey", TestCertificates.shared("client").keyPem().toString());
    DaemonConfig c = ConfigLoader.load(ConfigLoaderTest.FILE, config(mutual, mutual));
    DaemonConfig.Tls want = new DaemonConfig.Tls(Optional.of(TestCertificates.shared("server").certPem()), Optional.of(TestCertificates.shared("client").certPem()),
        Optional.of(TestCertificates.shared("client").keyPem()));
    assertThat(c.motherDuck().tls()).isEqualTo(want);
    assertThat(c.vault().tls()).isEqualTo(want);
    assertThat(TlsContexts.client(c.motherDuck().tls().caFile(), c.motherDuck().tls().clientCert(), c.motherDuck().tls().clientKey()).getProtocol()).isEqualTo("TLS");
  }

  @Test
  void aMissingCaFileIsNamedAtItsKey() {
    Path missing = dir.resolve("nope.pem");
    assertThat(problems(config(tls("caFile", missing.toString()), tls("caFile", missing.toString())))).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:5:13: motherduck.tls.caFile: " + missing + ": no such file",
        "/etc/md-rotator/md-rotator.yaml:12:13: vault.tls.caFile: " + missing + ": no such file");
  }

  @Test
  void relativeFilesResolveAgainstTheConfigDirectory() {
    assertThat(problems(config(tls("caFile", "ca.pem"), ""))).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:5:13: motherduck.tls.caFile: /etc/md-rotator/ca.pem: no such file");
  }

  @Test
  void caFilesThatAreNotUsableSayWhy() throws Exception {
    Path text = write("text.pem", "just some text\n");
    Path keyOnly = TestCertificates.shared("client").keyPem();
    Path badCert = write("bad.pem", TestCertificates.pem("CERTIFICATE", "not a certificate".getBytes()));
    Path badBase64 = write("b64.pem", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
    for (var c : List.of(
        new Object[] {text, "not a PEM file (no -----BEGIN ...----- / -----END ...----- block)"},
        new Object[] {keyOnly, "no certificate found (expected a -----BEGIN CERTIFICATE----- block)"},
        new Object[] {badCert, "certificate 1 is not a valid X.509 certificate"},
        new Object[] {badBase64, "not a PEM file (no -----BEGIN ...----- / -----END ...----- block)"},
        new Object[] {dir, "not a regular file"})) {
      assertThat(problems(config("", tls("caFile", c[0].toString())))).containsExactly(
          "/etc/md-rotator/md-rotator.yaml:10:13: vault.tls.caFile: " + c[0] + ": " + c[1]);
    }
  }

  @Test
  void aBundleWithCommentsBetweenCertificatesIsRead() throws Exception {
    Path bundle = write("bundle.pem", "# corporate proxy CA\n" + Files.readString(TestCertificates.shared("server").certPem())
        + "\n# second CA\n" + Files.readString(TestCertificates.shared("client").certPem()));
    assertThat(PemFiles.certificates(bundle)).hasSize(2);
  }

  @Test
  void clientCertificateAndKeyMustBeReadableAndBelongTogether() throws Exception {
    String cert = TestCertificates.shared("client").certPem().toString();
    String missingKey = dir.resolve("missing-key.pem").toString();
    assertThat(problems(config(tls("clientCert", cert, "clientKey", missingKey), ""))).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:6:16: motherduck.tls.clientKey: " + missingKey + ": no such file");
    String otherKey = TestCertificates.shared("server").keyPem().toString();
    assertThat(problems(config(tls("clientCert", cert, "clientKey", otherKey), ""))).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:6:16: motherduck.tls.clientKey: " + otherKey
            + ": is not the key of the certificate in " + cert);
    String keyAsCert = TestCertificates.shared("client").keyPem().toString();
    assertThat(problems(config(tls("clientCert", keyAsCert, "clientKey", TestCertificates.shared("client").keyPem().toString()), "")))
        .containsExactly("/etc/md-rotator/md-rotator.yaml:5:17: motherduck.tls.clientCert: " + keyAsCert
            + ": no certificate found (expected a -----BEGIN CERTIFICATE----- block)");
  }

  @Test
  void keysInOtherFormatsAreNamedWithTheConversion() throws Exception {
    Path encrypted = write("enc.pem", TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
    Path pkcs1 = write("rsa.pem", TestCertificates.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
    Path garbage = write("garbage.pem", TestCertificates.pem("PRIVATE KEY", "secret-key-material".getBytes()));
    String cert = TestCertificates.shared("client").certPem().toString();
    assertThat(problems(config("", tls("clientCert", cert, "clientKey", encrypted.toString())))).singleElement()
        .asString().endsWith(encrypted + ": the private key is encrypted; store it unencrypted with mode 0400"
            + " (openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
    assertThat(problems(config("", tls("clientCert", cert, "clientKey", pkcs1.toString())))).singleElement()
        .asString().endsWith(pkcs1 + ": 'RSA PRIVATE KEY' is not supported; convert it to PKCS#8 with:"
            + " openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    assertThat(problems(config("", tls("clientCert", cert, "clientKey", garbage.toString())))).singleElement()
        .asString().endsWith(garbage + ": the private key is not a valid PKCS#8 RSA, EC or EdDSA key")
        .doesNotContain("secret-key-material");
  }

  @Test
  void certificateAndKeyGoTogetherForMotherDuckToo() {
    assertThat(problems(config(tls("clientCert", TestCertificates.shared("client").certPem().toString()), ""))).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:5:5: motherduck.tls: clientCert and clientKey must be given together");
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
