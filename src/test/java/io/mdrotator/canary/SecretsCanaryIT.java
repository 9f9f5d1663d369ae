package io.mdrotator.canary;

import io.mdrotator.tools.canary.SecretScan;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run by failsafe after every surefire test: no secret an emulator issued or was
 * given during the suite (recorded in {@code target/canary/issued-secrets.txt}) may appear in any
 * output the suite left under {@code target/} ({@link CanaryScope}: test stdout/stderr, reliability
 * and soak logs and figures, CLI runs, metric scrapes, audit logs). One hit fails the build. The
 * figures go to {@code target/canary/canary-figures.json}.
 */
class SecretsCanaryIT {
  /** Set by failsafe to {@code ${project.build.directory}}. */
  static final String TARGET_PROPERTY = "mdrotator.canary.target";

  @Test
  void noIssuedSecretInAnyOutputOfTheSuite(@TempDir Path planted) throws Exception {
    Path target = Path.of(System.getProperty(TARGET_PROPERTY, "target")).toAbsolutePath();
    Path issued = target.resolve("canary").resolve("issued-secrets.txt");
    SecretScan scan = SecretScan.fromFile(issued);
    assertFindsAPlantedIssuedSecret(scan, issued, planted);

    SecretScan.Result result = scan.scan(List.of(target), CanaryScope.capturedOutput(target));

    Files.writeString(target.resolve("canary").resolve("canary-figures.json"), result.json());
    System.out.printf("secrets canary figures: %d secrets checked, %d files, %d bytes scanned, %d hits%n",
        result.secrets(), result.files(), result.bytes(), result.hits().size());
    assertThat(result.files()).as("files scanned (the suite's output is missing?)").isPositive();
    assertThat(result.hits()).as("secrets leaked into the suite's output (%d watched):%n  %s",
        result.secrets(), String.join("\n  ", result.hits())).isEmpty();
  }

  /**
   * The loaded scanner finds the last secret the suite issued, planted in an audit line, so a
   * scanner that watches the wrong file or matches nothing cannot pass.
   */
  private static void assertFindsAPlantedIssuedSecret(SecretScan scan, Path issued, Path dir) throws Exception {
    List<String> lines = Files.readAllLines(issued).stream().filter(l -> l.strip().length() >= SecretScan.MIN_LENGTH)
        .toList();
    Path audit = Files.createDirectories(dir.resolve("reliability")).resolve("planted-audit.jsonl");
    Files.writeString(audit, "{\"event\":\"stored\",\"token\":\"" + lines.get(lines.size() - 1).strip() + "\"}\n");
    assertThat(scan.scan(List.of(dir), CanaryScope.capturedOutput(dir)).hits()).as("planted secret").hasSize(1);
  }
}
