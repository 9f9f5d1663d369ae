package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code emulator motherduck --host} warns when the emulator can be reached from the network. */
class MotherDuckEmulatorBindTest {
  @Test
  void loopbackIsQuietAnythingElseWarns() {
    assertThat(MotherDuckEmulatorCommand.exposureWarning("127.0.0.1")).isEmpty();
    assertThat(MotherDuckEmulatorCommand.exposureWarning("127.0.0.2")).isEmpty();
    assertThat(MotherDuckEmulatorCommand.exposureWarning("::1")).isEmpty();
    assertThat(MotherDuckEmulatorCommand.exposureWarning("localhost")).isEmpty();
    assertThat(MotherDuckEmulatorCommand.exposureWarning("0.0.0.0")).hasValueSatisfying(w ->
        assertThat(w).startsWith("MotherDuck emulator bound to 0.0.0.0, not a loopback address: it is reachable"
            + " from the network"));
    assertThat(MotherDuckEmulatorCommand.exposureWarning("::")).isPresent();
    assertThat(MotherDuckEmulatorCommand.exposureWarning("192.0.2.7")).isPresent();
  }

  /** The real command in a child JVM: the WARN is logged before it prints its URL, once. */
  @Test
  void anyAddressBindLogsTheWarning(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("admin-token"), "emulator-admin-token\n");
    Path log = dir.resolve("emulator.log");
    Process p = ChildJvm.of("96m", Main.class.getName(), "emulator", "motherduck", "--host", "0.0.0.0",
            "--admin-token-file", token.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> !p.isAlive() || Files.readString(log).contains("http://"));
      String out = Files.readString(log);
      assertThat(p.isAlive()).as(out).isTrue();
      assertThat(out.lines().filter(l -> l.contains(" WARN ") && l.contains("reachable from the network")))
          .as(out).hasSize(1);
      assertThat(out).doesNotContain("emulator-admin-token");
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }
}
