package io.mdrotator.canary;

import io.mdrotator.tools.canary.SecretScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.emulator.IssuedSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite-wide canary's scanner and the emulators' recording hook, on a planted temp dir. */
class SecretsScanTest {
  private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJldGxfbG9hZGVyIn0.c2lnbmF0dXJlLXBsYW50ZWQ";
  private static final String VAULT = "hvs.plantedVaultTokenAbCdEf";

  @Test
  void reportsFileLineColumnAndNeverTheSecret(@TempDir Path dir) throws Exception {
    Path secrets = secretsFile(dir, JWT, VAULT);
    Path reports = Files.createDirectories(dir.resolve("target/surefire-reports"));
    Files.writeString(reports.resolve("io.x.FooTest-output.txt"), "clean line\nAuthorization: Bearer " + JWT + "\n");
    Files.writeString(reports.resolve("io.x.BarTest-output.txt"), "no secrets here\n");
    Files.writeString(dir.resolve("target/daemon.log"),
        "token=" + Base64.getEncoder().withoutPadding().encodeToString(VAULT.getBytes(StandardCharsets.UTF_8)));

    List<String> hits = SecretScan.fromFile(secrets)
        .scan(List.of(dir.resolve("target")), CanaryScope.capturedOutput(dir.resolve("target"))).hits();

    assertThat(hits).hasSize(2);
    assertThat(hits.get(0)).endsWith("daemon.log:1:7 secret#1 (len " + VAULT.length() + ", base64)");
    assertThat(hits.get(1)).endsWith("io.x.FooTest-output.txt:2:23 secret#0 (len " + JWT.length() + ", plain)");
    assertThat(String.join("\n", hits)).doesNotContain(JWT).doesNotContain(VAULT).doesNotContain("hvs.");
  }

  @Test
  void cleanOutputPassesAndTheSecretsFileItselfIsNotScanned(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("target");
    Path secrets = secretsFile(target.resolve("canary"), JWT);
    Files.createDirectories(target.resolve("surefire-reports"));
    Files.writeString(target.resolve("surefire-reports/io.x.FooTest.txt"), "Tests run: 1, Failures: 0");
    Files.writeString(target.resolve("classes.bin"), JWT);

    SecretScan.Result clean = SecretScan.fromFile(secrets).scan(List.of(target), CanaryScope.capturedOutput(target));
    assertThat(clean.hits()).isEmpty();
    assertThat(clean.files()).isEqualTo(1);
    assertThat(clean.json()).isEqualToIgnoringNewLines(
        "{\"secretsChecked\": 1, \"files\": 1, \"bytes\": 25, \"hits\": 0}");
  }

  @Test
  void findsASecretPlantedInEveryKindOfOutputAndSkipsBuildProducts(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("target");
    Path secrets = secretsFile(target.resolve("canary"), JWT, VAULT);
    List<String> outputs = List.of("reliability/crash/matrix-after-mint-1-1.log", "reliability/fault-figures.json",
        "cli-run/run-1.log", "soak/ci/report.json", "soak/ci/metrics.txt", "bench/catchup.md", "metrics.prom",
        "x/last.scrape", "x/events.jsonl", "x/child.err", "x/child.out", "x/audit-2026.txt",
        "surefire-reports/io.x.FooTest.xml");
    for (String out : outputs) {
      Files.createDirectories(target.resolve(out).getParent());
      Files.writeString(target.resolve(out), "line one\nsecret " + VAULT + "\n");
    }
    for (String product : List.of("classes/golden.txt", "test-classes/x/y.log", "failsafe-reports/canary.txt",
        "canary/canary-figures.json", "md-rotator.jar", "x/notes.md")) {
      Files.createDirectories(target.resolve(product).getParent());
      Files.writeString(target.resolve(product), VAULT);
    }

    SecretScan.Result r = SecretScan.fromFile(secrets).scan(List.of(target), CanaryScope.capturedOutput(target));

    assertThat(r.files()).isEqualTo(outputs.size());
    assertThat(r.hits()).hasSize(outputs.size()).allMatch(h -> h.endsWith(":2:8 secret#1 (len " + VAULT.length() + ", plain)"));
    for (String out : outputs) {
      assertThat(r.hits()).anyMatch(h -> h.startsWith(target.resolve(out) + ":"));
    }
    assertThat(r.secrets()).isEqualTo(2);
    assertThat(r.bytes()).isEqualTo(outputs.size() * ("line one\nsecret " + VAULT + "\n").length());
  }

  @Test
  void refusesToPassVacuously(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> SecretScan.fromFile(dir.resolve("missing.txt")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    assertThatThrownBy(() -> SecretScan.fromFile(empty))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no secret");
    Path onlyShort = Files.writeString(dir.resolve("short.txt"), "sid\njwt-one\n");
    assertThatThrownBy(() -> SecretScan.fromFile(onlyShort)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void findsSecretsAmongThousandsInLargeOutput(@TempDir Path dir) throws Exception {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add("hvs.generated" + String.format("%08d", i) + "xyz");
    }
    Path secrets = secretsFile(dir, many.toArray(String[]::new));
    Path log = dir.resolve("big.log");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      text.append("line ").append(i).append(" hvs.generated has no secret, only a prefix\n");
    }
    text.append("leak ").append(many.get(4321)).append('\n');
    Files.writeString(log, text);

    long start = System.nanoTime();
    List<String> hits = SecretScan.fromFile(secrets).scan(log.toString(), Files.readString(log));

    assertThat(hits).containsExactly(log + ":100001:6 secret#4321 (len " + many.get(4321).length() + ", plain)");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(10_000);
  }

  @Test
  void recordingAppendsWholeLinesFromManyThreads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("canary/issued-secrets.txt");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int i = 0; i < 200; i++) {
          IssuedSecrets.append(file, "secret-" + thread + "-" + String.format("%04d", i));
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(800).allMatch(l -> l.matches("secret-\\d-\\d{4}")).doesNotHaveDuplicates();
  }

  private static Path secretsFile(Path dir, String... secrets) throws Exception {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("issued-secrets.txt"), String.join("\n", secrets) + "\n");
  }
}
