package io.mdrotator.config;

import static io.mdrotator.config.ConfigLoaderTest.FILE;
import static io.mdrotator.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mdrotator.daemon.Adapters;
import io.mdrotator.port.ApiCallListener;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code http://} is refused for {@code motherduck.apiUrl} and {@code vault.address} unless the
 * host is loopback (judged from the text, never resolved) or the section sets
 * {@code allowInsecureHttp: true}, which is warned about at every start.
 */
class ConfigClearTextTest {
  static String config(String apiUrl, String mdExtra, String vaultAddress, String vaultExtra) {
    return "policyFile: policy.yaml\nmotherduck:\n  apiUrl: " + apiUrl + "\n  adminToken: {env: MD_TOKEN}\n" + mdExtra
        + "vault:\n  address: " + vaultAddress + "\n  auth:\n    method: token\n    token: {env: VAULT_TOKEN}\n" + vaultExtra;
  }

  @Test
  void httpToAHostThatIsNotLoopbackIsAnErrorNamingTheKeyAndTheWayOut() {
    assertThat(problems(config("http://api.motherduck.com", "", "http://vault.example.com:8200", ""))).containsExactly(
        "/etc/md-rotator/md-rotator.yaml:3:11: motherduck.apiUrl: http:// to a host that is not loopback would send"
            + " the admin token and every minted token in clear text; use https://, or set"
            + " motherduck.allowInsecureHttp: true (warned about at every start)",
        "/etc/md-rotator/md-rotator.yaml:6:12: vault.address: http:// to a host that is not loopback would send"
            + " the Vault token and every stored MotherDuck token in clear text; use https://, or set"
            + " vault.allowInsecureHttp: true (warned about at every start)");
  }

  @Test
  void loopbackHostsMayUseHttp() throws Exception {
    for (String host : List.of("127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "[::1]", "[0:0:0:0:0:0:0:1]")) {
      DaemonConfig c = ConfigLoader.load(FILE, config("http://" + host + ":9000", "", "http://" + host + ":8200", ""));
      assertThat(c.motherDuck().apiUrl()).isEqualTo(URI.create("http://" + host + ":9000"));
      assertThat(c.motherDuck().allowInsecureHttp()).isFalse();
    }
  }

  /** Names are not resolved, and only 127.0.0.0/8 and ::1 are loopback. */
  @Test
  void lookAlikesOfLoopbackAreNot() {
    for (String host : List.of("128.0.0.1", "0.0.0.0", "127.0.0.1.nip.io", "localhost.example.com", "[::2]",
        "127.0.0.300", "10.0.0.1")) {
      assertThat(problems(config("http://" + host + ":9000", "", "https://vault.example.com", "")))
          .as(host).singleElement().asString().contains("motherduck.apiUrl: http:// to a host that is not loopback");
    }
  }

  @Test
  void theFlagLetsClearTextThroughAndHttpsNeedsNoFlag() throws Exception {
    DaemonConfig c = ConfigLoader.load(FILE, config("http://md.internal", "  allowInsecureHttp: true\n",
        "http://vault.internal:8200", "  allowInsecureHttp: true\n"));
    assertThat(c.motherDuck().allowInsecureHttp()).isTrue();
    assertThat(c.vault().allowInsecureHttp()).isTrue();
    assertThat(ConfigLoader.load(FILE, config("https://api.motherduck.com", "", "https://vault.example.com", ""))
        .vault().allowInsecureHttp()).isFalse();
    // the flag of one section does not cover the other
    assertThat(problems(config("http://md.internal", "  allowInsecureHttp: true\n", "http://vault.internal", "")))
        .singleElement().asString().contains("vault.address: http:// to a host that is not loopback");
  }

  @Test
  void startingWithTheFlagWarnsOncePerEndpointAndLoopbackDoesNot() throws Exception {
    Map<String, String> env = Map.of("MD_TOKEN", "md-admin-token-value", "VAULT_TOKEN", "hvs.vault-token-value");
    DaemonConfig insecure = ConfigLoader.load(FILE, config("http://md.internal", "  allowInsecureHttp: true\n",
        "http://vault.internal:8200", "  allowInsecureHttp: true\n"));
    DaemonConfig loopback = ConfigLoader.load(FILE, config("http://127.0.0.1:9", "", "http://localhost:9", ""));
    List<String> warnings = warningsWhile(() -> Adapters.connect(insecure, env, ApiCallListener.NOOP, Clock.systemUTC()));
    assertThat(warnings).containsExactly(
        "motherduck.apiUrl is http:// to md.internal (allowInsecureHttp: true): the MotherDuck admin token and every"
            + " minted token travel in clear text; use https://",
        "vault.address is http:// to vault.internal (allowInsecureHttp: true): the Vault token and every stored"
            + " MotherDuck token travel in clear text; use https://");
    assertThat(warningsWhile(() -> Adapters.connect(loopback, env, ApiCallListener.NOOP, Clock.systemUTC()))).isEmpty();
  }

  /** WARN lines logged by {@link Adapters} while {@code r} runs. */
  static List<String> warningsWhile(Runnable r) {
    Logger logger = (Logger) LoggerFactory.getLogger(Adapters.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      r.run();
    } finally {
      logger.detachAppender(logs);
    }
    return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
  }
}
