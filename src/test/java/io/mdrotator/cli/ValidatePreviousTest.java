package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate --previous}: a slot removed without being retired first is a warning (an error with --strict). */
class ValidatePreviousTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aSlotRemovedWithoutRetirementWarnsAndStrictMakesItAnError() throws Exception {
    Path before = write("before.yaml", """
        version: 1
        accounts:
          - username: etl_loader
            slots:
              - name: rw
                token_type: read_write
              - name: ro
                token_type: read_write
              - name: done
                token_type: read_write
                retire: true
        """);
    Path after = write("after.yaml", """
        version: 1
        accounts:
          - username: etl_loader
            slots:
              - name: rw
                token_type: read_write
        """);

    CliRun r = CliRun.of("validate", "--policy", after.toString(), "--previous", before.toString());

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).startsWith("OK: ");
    assertThat(r.err()).contains(before + ":7:").contains("warning: slot etl_loader/ro is removed without being retired")
        .doesNotContain("etl_loader/done");

    CliRun strict = CliRun.of("validate", "--policy", after.toString(), "--previous", before.toString(), "--strict");
    assertThat(strict.exitCode()).as(strict.all()).isEqualTo(2);
    assertThat(strict.out()).isEmpty();

    CliRun same = CliRun.of("validate", "--policy", before.toString(), "--previous", before.toString(), "--strict");
    assertThat(same.exitCode()).as(same.all()).isZero();
  }
}
