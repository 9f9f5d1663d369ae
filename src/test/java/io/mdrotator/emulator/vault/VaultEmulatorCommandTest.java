package io.mdrotator.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.cli.VaultEmulatorCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code emulator vault --port 0 --root-token-file F}: prints its address, serves, stops. */
class VaultEmulatorCommandTest {
  @TempDir Path dir;

  /** Runs the command on a thread with captured output. */
  private static final class Running {
    final VaultEmulatorCommand command = new VaultEmulatorCommand();
    final StringWriter out = new StringWriter();
    final Thread thread;
    volatile int exitCode = -1;

    Running(String... args) {
      CommandLine line = new CommandLine(command).setOut(new PrintWriter(out, true));
      thread = new Thread(() -> exitCode = line.execute(args));
      thread.start();
    }

    void stop() throws InterruptedException {
      command.stop();
      thread.join(10_000);
    }
  }

  @Test
  void printsAddressOnlyAndUsesTheGivenRootToken() throws Exception {
    Path tokenFile = dir.resolve("root-token");
    Files.writeString(tokenFile, "given-root-token\n");
    Running cmd = new Running("--port", "0", "--root-token-file", tokenFile.toString());
    StringWriter out = cmd.out;
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("http://127.0.0.1:"));
      String address = out.toString().strip();
      assertThat(address).matches("http://127\\.0\\.0\\.1:\\d+").doesNotContain("given-root-token");
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(address + "/v1/auth/token/lookup-self"))
              .header("X-Vault-Token", "given-root-token").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    } finally {
      cmd.stop();
    }
    assertThat(cmd.thread.isAlive()).isFalse();
    assertThat(cmd.exitCode).isZero();
  }

  @Test
  void generatesAndWritesARootTokenWhenTheFileIsAbsent() throws Exception {
    Path tokenFile = dir.resolve("new-token");
    Running cmd = new Running("--port", "0", "--root-token-file", tokenFile.toString());
    StringWriter out = cmd.out;
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("http://"));
      String token = Files.readString(tokenFile).strip();
      assertThat(token).startsWith("hvs.");
      assertThat(out.toString()).doesNotContain(token);
    } finally {
      cmd.stop();
    }
  }
}
