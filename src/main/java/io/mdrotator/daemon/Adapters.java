package io.mdrotator.daemon;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.observability.ApiCallListener;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import java.time.Clock;
import java.util.Map;

/**
 * The two outbound adapters built from the daemon configuration: the MotherDuck client and the
 * Vault store. Credentials are resolved here, once, from files, environment variables or systemd
 * credentials; a missing credential fails start-up with the source named (never the value).
 */
public record Adapters(MotherDuckClient motherDuck, VaultKvStore vault) {

  public static Adapters connect(
      DaemonConfig config, Map<String, String> env, ApiCallListener listener, Clock clock) {
    DaemonConfig.MotherDuck md = config.motherDuck();
    MotherDuckClient client =
        MotherDuckClient.builder()
            .baseUrl(md.apiUrl())
            .adminToken(md.adminToken().resolve(env))
            .requestsPerSecond(md.requestsPerSecond())
            .requestTimeout(md.requestTimeout())
            .listener(listener)
            .clock(clock)
            .build();
    DaemonConfig.Vault v = config.vault();
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
