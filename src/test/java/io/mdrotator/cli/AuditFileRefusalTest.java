package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mdrotator.testing.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code md-rotator run} (the real Main, in a child JVM) refuses to start when the configured audit
 * file cannot be opened: exit 2 and exactly one line on stderr naming the config, the file and the
 * reason; no stack trace, nothing on stdout. The credentials it would need next are set, so without
 * the refusal the child would go on starting the daemon and not end (both APIs point at closed
 * loopback ports).
 */
class AuditFileRefusalTest {
  @TempDir Path dir;
  private Path immutable;

  @AfterEach
  void thaw() throws Exception {
    if (immutable != null) {
      new ProcessBuilder("chattr", "-i", immutable.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void unwritableDirectoryExitsTwoWithOneLine() throws Exception {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    String reason = makeUnwritable(logs);
    Path audit = logs.resolve("audit.jsonl");

    Child run = run(config(audit));

    assertThat(run.exit).as(run.err).isEqualTo(2);
    assertThat(run.err.lines()).containsExactly(dir.resolve("md-rotator.yaml") + ": logging.auditFile " + audit
        + " cannot be opened for appending: " + reason + "; md-rotator does not run without its audit log");
    assertThat(run.out).isEmpty();
    assertThat(audit).doesNotExist();
  }

  /** The same refusal where no permission can be bypassed, even as root: a parent that is a file. */
  @Test
  void parentThatIsAFileExitsTwoWithOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("logs"), "");
    Path audit = file.resolve("audit.jsonl");

    Child run = run(config(audit));

    assertThat(run.exit).as(run.err).isEqualTo(2);
    assertThat(run.err.lines()).containsExactly(dir.resolve("md-rotator.yaml") + ": logging.auditFile " + audit
        + " cannot be opened for appending: exists and is not a directory (" + file + ");"
        + " md-rotator does not run without its audit log");
    assertThat(run.out).isEmpty();
  }

  /**
   * Makes {@code d} refuse new files and returns the reason the JVM will report: mode 0555, or, when
   * that is bypassed (root has CAP_DAC_OVERRIDE), the immutable attribute; skips when neither holds.
   */
  private String makeUnwritable(Path d) throws Exception {
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (!canCreateIn(d)) {
      return "permission denied";
    }
    boolean set = new ProcessBuilder("chattr", "+i", d.toString()).start().waitFor() == 0;
    if (set) {
      immutable = d;
    }
    assumeTrue(set && !canCreateIn(d), "cannot make a directory unwritable here (root without chattr +i)");
    return "Operation not permitted";
  }

  private static boolean canCreateIn(Path d) {
    try {
      Files.delete(Files.createFile(d.resolve("probe")));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Path config(Path auditFile) throws IOException {
    Files.writeString(dir.resolve("policy.yaml"),
        "version: 1\naccounts:\n  - username: etl\n    slots:\n      - {name: rw, token_type: read_write}\n");
    return Files.writeString(dir.resolve("md-rotator.yaml"), """
        policyFile: policy.yaml
        motherduck:
          apiUrl: https://127.0.0.1:9
          adminToken: {env: MD_TOKEN}
        vault:
          address: https://127.0.0.1:8200
          auth:
            method: token
            token: {env: VAULT_TOKEN}
        metrics:
          listen: 127.0.0.1:%d
        logging:
          auditFile: %s
        """.formatted(freePort(), auditFile));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Child run(Path config) throws Exception {
    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    ProcessBuilder pb = ChildJvm.of("96m", Main.class.getName(), "run", "--config", config.toString())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("MD_TOKEN", "not-a-real-admin-token");
    pb.environment().put("VAULT_TOKEN", "not-a-real-vault-token");
    Process p = pb.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child ended; stderr: %s", Files.readString(err)).isTrue();
      return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }

  private record Child(int exit, String out, String err) {}
}
