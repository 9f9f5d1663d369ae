package io.mdrotator.emulator.motherduck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument errors of {@code emulator motherduck} exit with the usage code 2 (and never start a server). */
class MotherDuckEmulatorCommandTest {
  @Test
  void badLatencyAccountsOrMissingTokenFileOptionIsAUsageError(@TempDir Path tmp) throws Exception {
    Path token = Files.writeString(tmp.resolve("t"), "tok");
    assertThat(Main.execute("emulator", "motherduck", "--admin-token-file", token.toString(), "--latency", "5x"))
        .isEqualTo(2);
    // an empty token file is not an error: it gets a new token, like a missing one (EmulatorTokenFileTest)
    assertThat(Main.execute("emulator", "motherduck", "--admin-token-file", token.toString(), "--accounts", "bad-name"))
        .isEqualTo(2);
    assertThat(Main.execute("emulator", "motherduck")).isEqualTo(2);
  }
}
