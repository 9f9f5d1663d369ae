package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code emulator motherduck --admin-token-file admin.txt} in a fresh directory: the
 * file is created (random token, mode 600), like the Vault emulator's root token file.
 */
class EmulatorTokenFileTest {
  @TempDir Path dir;

  @Test
  void missingOrBlankFileReadsAsNoTokenAndAnExistingOneIsStripped() throws Exception {
    assertThat(EmulatorTokenFile.read(dir.resolve("absent.txt"))).isNull();
    assertThat(EmulatorTokenFile.read(Files.writeString(dir.resolve("blank.txt"), " \n"))).isNull();
    assertThat(EmulatorTokenFile.read(Files.writeString(dir.resolve("t.txt"), "  abc\n"))).isEqualTo("abc");
  }

  @Test
  void createWritesARandomTokenReadableByTheOwnerOnly() throws Exception {
    Path file = dir.resolve("admin.txt");
    String token = EmulatorTokenFile.create(file);
    assertThat(token).matches("[0-9a-f]{64}");
    assertThat(Files.readString(file)).isEqualTo(token + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(EmulatorTokenFile.create(dir.resolve("other.txt"))).isNotEqualTo(token);
  }

  @Test
  void anExistingEmptyFileIsNarrowedToTheOwnerBeforeTheTokenIsWritten() throws Exception {
    Path file = Files.writeString(dir.resolve("admin.txt"), "");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    String token = EmulatorTokenFile.create(file);
    assertThat(Files.readString(file)).isEqualTo(token + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  /** The real command: stdout is the base URL alone, stderr says where the token went, never the token. */
  @Test
  void motherDuckEmulatorCreatesItsMissingAdminTokenFile() throws Exception {
    Path token = dir.resolve("admin.txt");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = ChildJvm.of("96m", Main.class.getName(), "emulator", "motherduck", "--port", "0",
            "--admin-token-file", token.toString())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> !p.isAlive() || Files.readString(out).contains("http://"));
      assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
      assertThat(Files.readString(out)).matches("http://127\\.0\\.0\\.1:\\d+/?\\n");
      String secret = Files.readString(token).strip();
      assertThat(secret).matches("[0-9a-f]{64}");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
      assertThat(Files.readString(err)).contains("wrote a new admin token to " + token + " (mode 600)")
          .doesNotContain(secret).doesNotContain("Exception");
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }
}
