package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's own command lines, run in order against the packaged jar in an empty directory, as a
 * new user would: each must behave as the README says (exit code, stdout, files it creates). The
 * only edits: the demo runs 20 s instead of 150 s (scripts/demo-check.sh runs the full one in CI),
 * and fixed ports become free ones. Runs after {@code package} (failsafe), on target/md-rotator.jar.
 */
class ReadmeTranscriptIT {
  private static final Path JAR = Path.of("target", "md-rotator.jar").toAbsolutePath();
  private static final Pattern PORT = Pattern.compile("--port (\\d+)");

  @TempDir Path dir;

  @Test
  void everyJarCommandOfTheReadmeBehavesAsTheReadmeSays() throws Exception {
    List<String> commands = readmeJarCommands();
    assertThat(commands).as("README commands found").hasSizeGreaterThanOrEqualTo(3);
    for (String command : commands) {
      List<String> args = new ArrayList<>(List.of(command.substring("java -jar target/md-rotator.jar ".length()).split(" ")));
      if (args.get(0).equals("demo")) {
        args.set(args.indexOf("--duration") + 1, "20s");
        Result r = run(args, 120);
        assertThat(r.exit).as(command + "\n" + r.out).isZero();
        assertThat(r.out).as(command).contains("demo summary: ").contains("failures=0 ").contains("orphans=0");
      } else if (args.get(0).equals("emulator")) {
        checkEmulator(command, args);
      } else {
        throw new AssertionError("the transcript test does not know how to check: " + command);
      }
    }
  }

  @Test
  void theUsageConventionsOfTheExitCodeTableHold() throws Exception {
    assertThat(run(List.of(), 30).exit).as("no command").isEqualTo(2);
    assertThat(run(List.of("nosuchcommand", "--help"), 30).exit).as("unknown command").isEqualTo(2);
    Result version = run(List.of("--version"), 30);
    assertThat(version.exit).isZero();
    assertThat(version.out).isNotBlank();
  }

  /** An emulator prints only its base URL on stdout, creates a missing token file 0600, and SIGTERM exits 143. */
  private void checkEmulator(String command, List<String> args) throws Exception {
    int port = freePort();
    Matcher m = PORT.matcher(String.join(" ", args));
    List<String> withPort = new ArrayList<>(List.of(m.replaceFirst("--port " + port).split(" ")));
    String tokenFile = withPort.get(withPort.indexOf(withPort.contains("--admin-token-file") ? "--admin-token-file" : "--root-token-file") + 1);
    Process p = start(withPort);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      assertThat(first).as(command).isEqualTo("http://127.0.0.1:" + port);
      Path file = dir.resolve(tokenFile);
      assertThat(file).as(command).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(command + " stops on SIGTERM").isTrue();
      assertThat(p.exitValue()).as(command).isEqualTo(143);
    } finally {
      p.destroyForcibly();
    }
  }

  private Process start(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("stderr-" + System.nanoTime() + ".log").toFile()).start();
  }

  private Result run(List<String> args, int seconds) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
    cmd.addAll(args);
    Path out = dir.resolve("out-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(dir.resolve("err-" + System.nanoTime() + ".log").toFile()).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", args) + " did not end within " + seconds + " s");
    }
    return new Result(p.exitValue(), Files.readString(out));
  }

  private record Result(int exit, String out) {}

  private static List<String> readmeJarCommands() throws IOException {
    List<String> out = new ArrayList<>();
    boolean inBash = false;
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      if (line.startsWith("```")) {
        inBash = !inBash && line.equals("```bash");
        continue;
      }
      int at = line.indexOf("java -jar target/md-rotator.jar ");
      if (inBash && at >= 0) {
        out.add(line.substring(at).strip());
      }
    }
    return out;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
