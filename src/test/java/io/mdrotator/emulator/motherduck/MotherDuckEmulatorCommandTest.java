package io.mdrotator.emulator.motherduck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument errors of {@code emulator motherduck} exit with picocli's usage code 2. */
class MotherDuckEmulatorCommandTest {
  @Test
  void badLatencyOrEmptyTokenFileIsAUsageError(@TempDir Path tmp) throws Exception {
    Path token = Files.writeString(tmp.resolve("t"), "tok");
    Path empty = Files.writeString(tmp.resolve("e"), "\n");
    assertThat(Main.execute("emulator", "motherduck", "--admin-token-file", token.toString(), "--latency", "5x"))
        .isEqualTo(2);
    assertThat(Main.execute("emulator", "motherduck", "--admin-token-file", empty.toString())).isEqualTo(2);
    assertThat(Main.execute("emulator", "motherduck", "--admin-token-file", token.toString(), "--accounts", "bad-name"))
        .isEqualTo(2);
    assertThat(Main.execute("emulator", "motherduck")).isEqualTo(2);
  }
}
