package io.mdrotator.tools.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real soak (about 25 s plus the drain) inside {@code mvn verify}: 6 slots with 8-second
 * tokens and faults on. Margins for a loaded 2-core machine: a rotation has 4 s of lead before
 * expiry and each retry uses at most a quarter of the time left.
 */
class SoakRunTest {
  @Test
  void aShortSoakRotatesUnderFaultsWithoutViolationsOrphansLeaksOrLeakedSecrets(@TempDir Path out) throws Exception {
    SoakOptions o = new SoakOptions(Duration.ofSeconds(25), 6, 0.2, 11, Duration.ofSeconds(8), Duration.ofSeconds(2),
        SoakOptions.DEFAULT_MAX_TOKENS, Duration.ofSeconds(5), 256, out);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    SoakReport r = new SoakRun(o, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

    assertThat(r.violations()).isEmpty();
    assertThat(r.counts().rotations()).isGreaterThanOrEqualTo(12); // 6 first tokens + at least one rotation each
    assertThat(r.counts().revocations()).isPositive();
    assertThat(r.faultWindows()).isPositive();
    assertThat(r.probe().reads()).isGreaterThan(300);
    assertThat(r.maxTokensAnySlot()).isBetween(1, SoakOptions.DEFAULT_MAX_TOKENS);
    // every slot starts empty, so each has a measured first-token stretch, far below the 30 s bound
    assertThat(r.liveness().longestOutsideWindowsMillis()).hasSize(6)
        .allSatisfy((slot, ms) -> assertThat(ms).isPositive().isLessThanOrEqualTo(r.liveness().boundMillis()));
    assertThat(r.liveness().spans()).isGreaterThanOrEqualTo(6);
    assertThat(r.samples()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(r.secretsWatched()).isGreaterThan(12);
    assertThat(Files.readString(out.resolve("report.txt"))).isEqualTo(r.text()).contains("verdict: PASS");
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"pass\" : true");
    assertThat(Files.size(out.resolve("daemon.log"))).isPositive(); // the canary searched something real
    assertThat(Files.readString(out.resolve("metrics.txt"))).contains("# TYPE");
  }
}
