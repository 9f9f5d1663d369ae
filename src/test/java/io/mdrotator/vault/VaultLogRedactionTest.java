package io.mdrotator.vault;

import io.mdrotator.emulator.MutableClock;
import io.mdrotator.port.KvData;
import io.mdrotator.port.VaultStoreException;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.vault.AclPolicy;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Logs at DEBUG through login, renewal failure, re-login and a lost write: no secret appears. */
class VaultLogRedactionTest {

  @Test
  void noSecretValueInAnyLogLine() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.DEBUG);
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    String value = "md-token-VALUE-must-not-be-logged";
    try (VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().clock(clock))) {
      vault.addPolicy(AclPolicy.of("rotator", "secret/*", "create", "read", "update", "delete"));
      vault.addAppRole("r", "role-id-secret", Secret.of("secret-id-secret"), List.of("rotator"),
          Duration.ofHours(1), Duration.ofHours(24));
      VaultKvStore store = VaultKvStore.builder().address(vault.address()).clock(clock)
          .auth(VaultAuth.appRole(Secret.of("role-id-secret"), Secret.of("secret-id-secret")))
          .readRetries(1, Duration.ofMillis(1)).build();
      KvData data = KvData.builder().put("token_id", "t1").putSecret("token", Secret.of(value)).build();
      store.writeCas("a/b", data, 0);
      vault.faults().add("renewSelf", Fault.status(500));
      vault.faults().add("kvWrite", Fault.commitThenDrop().times(1));
      clock.advance(Duration.ofMinutes(41));
      store.writeCas("a/b", data, 1);
      clock.advance(Duration.ofMinutes(10));
      vault.faults().add("kvRead", Fault.malformed().times(2));
      try {
        store.readLatest("a/b");
      } catch (VaultStoreException expected) {
        // logged by nobody here; the point is what the store itself logs
      }
      List<String> tokens = vault.tokens().stream().map(t -> t.id()).toList();
      assertThat(logs.list).isNotEmpty();
      for (ILoggingEvent e : logs.list) {
        String line = e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
        assertThat(line).doesNotContain(value).doesNotContain("secret-id-secret").doesNotContain("role-id-secret");
        tokens.forEach(t -> assertThat(line).doesNotContain(t));
      }
      assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("renewal failed"));
      assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("Logged in to Vault"));
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }
  }
}
