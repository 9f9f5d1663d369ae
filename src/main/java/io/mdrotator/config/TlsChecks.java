package io.mdrotator.config;

import io.mdrotator.tls.PemFiles;
import io.mdrotator.tls.PemFiles.PemException;
import io.mdrotator.tls.TlsContexts;
import io.mdrotator.document.Pointers;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Checks the files of a {@code tls} section when the config is loaded, so {@code validate} and
 * start-up name a missing or broken CA file, certificate or key at its line and column instead of
 * the first TLS handshake failing: the CA file must hold at least one certificate, the client
 * certificate and key must parse and belong together.
 */
final class TlsChecks {
  private TlsChecks() {}

  /** {@code section}: the pointer of the section holding {@code tls}, e.g. {@code /vault}. */
  static void check(ConfigResolver r, String section, DaemonConfig.Tls tls) {
    String at = section + "/tls";
    if (tls.clientCert().isPresent() != tls.clientKey().isPresent()) {
      r.error(at, Pointers.dotted(at) + ": clientCert and clientKey must be given together");
    }
    if (tls.caFile().isPresent()) {
      try {
        PemFiles.certificates(tls.caFile().get());
      } catch (PemException e) {
        r.error(at + "/caFile", Pointers.dotted(at + "/caFile") + ": " + e.getMessage());
      }
    }
    if (tls.clientCert().isPresent() && tls.clientKey().isPresent()) {
      checkPair(r, at, tls);
    }
  }

  private static void checkPair(ConfigResolver r, String at, DaemonConfig.Tls tls) {
    List<X509Certificate> chain = null;
    PrivateKey key = null;
    try {
      chain = PemFiles.certificates(tls.clientCert().get());
    } catch (PemException e) {
      r.error(at + "/clientCert", Pointers.dotted(at + "/clientCert") + ": " + e.getMessage());
    }
    try {
      key = PemFiles.privateKey(tls.clientKey().get());
    } catch (PemException e) {
      r.error(at + "/clientKey", Pointers.dotted(at + "/clientKey") + ": " + e.getMessage());
    }
    if (chain != null && key != null && !TlsContexts.matches(chain.get(0), key)) {
      r.error(at + "/clientKey", Pointers.dotted(at + "/clientKey") + ": " + tls.clientKey().get()
          + ": is not the key of the certificate in " + tls.clientCert().get());
    }
  }
}
