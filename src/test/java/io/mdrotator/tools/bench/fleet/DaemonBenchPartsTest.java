package io.mdrotator.tools.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.policy.LoadOptions;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.policy.SlotId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of {@code bench daemon}: /proc parsing, scrape counting, the generated policies. */
class DaemonBenchPartsTest {
  @Test
  void cpuTicksAreUtimePlusStimeEvenWithSpacesAndParensInTheName() {
    String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 30 0 99 0 0";
    assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1234 + 567);
    assertThatThrownBy(() -> ProcStats.cpuTicks("garbage")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusValuesAreReadInKilobytes() {
    String status = "Name:\tjava\nVmHWM:\t  348160 kB\nVmRSS:\t  226304 kB\nThreads:\t31\n";
    assertThat(ProcStats.statusKb(status, "VmRSS")).isEqualTo(226_304);
    assertThat(ProcStats.statusKb(status, "VmHWM")).isEqualTo(348_160);
    assertThatThrownBy(() -> ProcStats.statusKb(status, "VmSwap")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scrapeCountsSamplesPerFamilyAndThoseWithASlotLabel() {
    String text = """
        # HELP mdrotator_policy_slots Slots in the loaded policy
        # TYPE mdrotator_policy_slots gauge
        mdrotator_policy_slots 2.0
        mdrotator_scheduled_slots 2.0
        mdrotator_managed_tokens{account="a",slot="rw"} 1.0
        mdrotator_managed_tokens{account="b",slot="rw"} 1.0
        mdrotator_unmanaged_tokens{account="a"} 0.0
        """;
    ScrapeCounts c = ScrapeCounts.parse(text);
    assertThat(c.totalSamples()).isEqualTo(5);
    assertThat(c.slotSamples()).isEqualTo(2);
    assertThat(c.samplesByName()).containsEntry("mdrotator_managed_tokens", 2).containsEntry("mdrotator_policy_slots", 1);
    assertThat(ScrapeCounts.value(text, "mdrotator_scheduled_slots")).isEqualTo(2.0);
    assertThat(ScrapeCounts.value(text, "mdrotator_absent")).isNaN();
  }

  private static DaemonBench.Counts counts(int slotSeries, long textBytes, long wireBytes, long steadyCpuMs) {
    return new DaemonBench.Counts(10_000, 10_000, slotSeries, slotSeries + 300, 10_000, Duration.ofMillis(400),
        Duration.ofMillis(380), textBytes, wireBytes, Duration.ofMillis(30), Duration.ofMillis(steadyCpuMs));
  }

  @Test
  void scrapeFiguresAppearBesideTheirTargetsWithAMetColumn() {
    DaemonBench.Counts ok = counts(60_000, 5_000_000, 400_000, 20);
    assertThat(ok.slotSeriesPerSlot()).isEqualTo(6.0);
    assertThat(ok.seriesPerSlot()).isEqualTo(6.03);
    assertThat(DaemonReport.scrapeTargetsMet(ok)).isTrue();
    assertThat(DaemonReport.scrapeTargetsMet(counts(70_000, 5_000_000, 400_000, 20))).isFalse();
    assertThat(DaemonReport.scrapeTargetsMet(counts(60_000, 5_000_000, 3_000_000, 20))).isFalse();
    assertThat(DaemonReport.scrapeTargetsMet(counts(60_000, 5_000_000, 400_000, 51))).isFalse();
    DaemonBench.Result r = new DaemonBench.Result(10_000, List.of(Duration.ofMillis(900)), Duration.ofSeconds(80),
        Duration.ofSeconds(15), Duration.ofSeconds(20), 0.2, 0, 200L << 20, 100L << 20, 300L << 20, ok, List.of(),
        new ObservationPass(10_000, 2_500, 4, 1000, Duration.ofMillis(25), Duration.ofMillis(2), Duration.ofSeconds(30),
            Duration.ofSeconds(2), 220L << 20, 200L << 20));
    List<List<String>> rows = DaemonReport.table(r).rows();
    assertThat(rows).anySatisfy(row -> assertThat(row).containsExactly(
        "scrape: series per slot (with a slot label; all series / slots)", "6.00 (6.03)", "<= 6", "yes"));
    assertThat(rows).anySatisfy(row -> assertThat(row.get(0)).startsWith("scrape: text exposition, uncompressed"))
        .anySatisfy(row -> assertThat(row).endsWith("<= 2 MB", "yes"))
        .anySatisfy(row -> assertThat(row).containsExactly(
            "scrape: daemon CPU per scrape (mean of 10 after the first)", "20 ms", "<= 50 ms", "yes"));
  }

  @Test
  void gzipBodiesAreDecompressedForCounting() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write("mdrotator_policy_slots 2.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(new String(ScrapeProbe.gunzip(out.toByteArray()), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("mdrotator_policy_slots 2.0\n");
  }

  @Test
  void generatedPoliciesLoadAndVariantsKeepTheAccounts() {
    BenchPolicyFile full = BenchPolicyFile.of(10, 4);
    assertThat(full.usernames()).containsExactly("svc_00000", "svc_00001", "svc_00002");
    assertThat(load(full).policy().orElseThrow().slots()).hasSize(10);

    BenchPolicyFile fewer = full.withoutFirst(5);
    LoadResult r = load(fewer);
    assertThat(r.policy().orElseThrow().slots()).hasSize(5);
    assertThat(r.policy().get().slot(new SlotId("svc_00001", "s1"))).isPresent();
    assertThat(r.policy().get().slot(new SlotId("svc_00001", "s0"))).isEmpty();
    assertThat(fewer.usernames()).isEqualTo(full.usernames());

    assertThat(full.withGracePeriod("3d").yaml()).contains("gracePeriod: 3d").isNotEqualTo(full.yaml());
  }

  private static LoadResult load(BenchPolicyFile f) {
    LoadResult r = new PolicyLoader().load(Path.of("bench.yaml"), f.yaml(), LoadOptions.defaults());
    assertThat(r.errors()).isEmpty();
    return r;
  }

  @Test
  void startUpFigureIsTheMedianOfTheLaunches() {
    assertThat(withStartups(2483, 1812, 2154).startup()).isEqualTo(java.time.Duration.ofMillis(2154));
    assertThat(withStartups(2100, 1900).startup()).isEqualTo(java.time.Duration.ofMillis(2000));
    assertThat(withStartups(1500).startup()).isEqualTo(java.time.Duration.ofMillis(1500));
  }

  private static DaemonBench.Result withStartups(long... millis) {
    java.util.List<java.time.Duration> startups = java.util.Arrays.stream(millis)
        .mapToObj(java.time.Duration::ofMillis).toList();
    return new DaemonBench.Result(1, startups, java.time.Duration.ZERO, java.time.Duration.ZERO,
        java.time.Duration.ZERO, 0, 0, 0, 0, 0, null, java.util.List.of(), null);
  }
}
