package io.mdrotator.daemon;

import io.mdrotator.config.ClearText;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.tls.PemFiles;
import io.mdrotator.tls.TlsContexts;
import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.port.ApiCallListener;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two outbound adapters built from the daemon configuration: the MotherDuck client and the
 * Vault store. Credentials are resolved here, once, from files, environment variables or systemd
 * credentials; a missing credential fails start-up with the source named (never the value). Every
 * command that talks to MotherDuck or Vault builds its adapters here, so this is where an
 * endpoint allowed to use clear text ({@code allowInsecureHttp}) is warned about, at every start.
 */
public record Adapters(MotherDuckClient motherDuck, VaultKvStore vault) {
  private static final Logger LOG = LoggerFactory.getLogger(Adapters.class);

  public static Adapters connect(
      DaemonConfig config, Map<String, String> env, ApiCallListener listener, Clock clock) {
    DaemonConfig.MotherDuck md = config.motherDuck();
    warnIfClearText("motherduck.apiUrl", md.apiUrl(), "the MotherDuck admin token and every minted token");
    MotherDuckClient client =
        MotherDuckClient.builder()
            .baseUrl(md.apiUrl())
            .adminToken(md.adminToken().resolve(env))
            .requestsPerSecond(md.requestsPerSecond())
            .requestTimeout(md.requestTimeout())
            .tls(tls("motherduck.tls", md.tls()))
            .listener(listener)
            .clock(clock)
            .build();
    DaemonConfig.Vault v = config.vault();
    warnIfClearText("vault.address", v.address(), "the Vault token and every stored MotherDuck token");
    VaultKvStore store =
        VaultKvStore.builder()
            .address(v.address())
            .namespace(v.namespace().orElse(null))
            .mount(v.mount())
            .auth(vaultAuth(v.auth(), env))
            .tls(
                v.tls().caFile().orElse(null),
                v.tls().clientCert().orElse(null),
                v.tls().clientKey().orElse(null))
            .openTimeout(v.openTimeout())
            .readTimeout(v.readTimeout())
            .listener(listener)
            .clock(clock)
            .build();
    return new Adapters(client, store);
  }

  /** Validation lets such a URL through only with the section's {@code allowInsecureHttp: true}. */
  private static void warnIfClearText(String key, URI url, String what) {
    if (ClearText.toRemoteHost(url)) {
      LOG.warn("{} is http:// to {} (allowInsecureHttp: true): {} travel in clear text; use https://",
          key, url.getHost(), what);
    }
  }

  /**
   * The files were checked when the config was loaded; one that changed since is reported with
   * its path (never its content).
   */
  private static SSLContext tls(String key, DaemonConfig.Tls tls) {
    try {
      return TlsContexts.client(tls.caFile(), tls.clientCert(), tls.clientKey());
    } catch (PemFiles.PemException e) {
      throw new IllegalStateException(key + ": " + e.getMessage(), e);
    }
  }

  private static VaultAuth vaultAuth(DaemonConfig.VaultAuth auth, Map<String, String> env) {
    if (auth instanceof DaemonConfig.VaultAuth.Token t) {
      return VaultAuth.token(t.token().resolve(env));
    }
    if (auth instanceof DaemonConfig.VaultAuth.AppRole a) {
      return VaultAuth.appRole(a.path(), a.roleId().resolve(env), a.secretId().resolve(env));
    }
    DaemonConfig.VaultAuth.Kubernetes k = (DaemonConfig.VaultAuth.Kubernetes) auth;
    return VaultAuth.kubernetes("auth/" + k.path(), k.role(), k.jwtFile());
  }
}
