package io.mdrotator.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue #6, run by failsafe after every surefire test: no secret an emulator issued during the
 * suite may appear in the suite's captured output ({@code target/surefire-reports}, which holds
 * every test's stdout/stderr) or in log files the tests left under {@code target/}.
 */
class SecretsCanaryIT {
  /** Set by failsafe to {@code ${project.build.directory}}. */
  static final String TARGET_PROPERTY = "mdrotator.canary.target";

  @Test
  void noIssuedSecretInAnyCapturedOutput() throws Exception {
    Path target = Path.of(System.getProperty(TARGET_PROPERTY, "target")).toAbsolutePath();
    SecretsScan scan = SecretsScan.fromFile(target.resolve("canary").resolve("issued-secrets.txt"));

    List<String> hits = scan.scan(List.of(target), capturedOutput(target));

    assertThat(hits).as("secrets leaked into captured test output (%d watched):%n  %s",
        scan.secretCount(), String.join("\n  ", hits)).isEmpty();
  }

  /** Surefire's reports and any log or output file tests wrote, never the secrets file itself. */
  static Predicate<Path> capturedOutput(Path target) {
    Path reports = target.resolve("surefire-reports");
    Path canary = target.resolve("canary");
    Path failsafe = target.resolve("failsafe-reports");
    return p -> {
      if (p.startsWith(canary) || p.startsWith(failsafe)) {
        return false;
      }
      if (p.startsWith(reports)) {
        return true;
      }
      String name = p.getFileName().toString();
      return name.endsWith(".log") || name.endsWith(".out") || name.endsWith("-output.txt");
    };
  }
}
