package io.mdrotator.tools.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.policy.LoadOptions;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.policy.SlotId;
import java.nio.file.Path;
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
        java.time.Duration.ZERO, 0, 0, 0, 0, 0, null, java.util.List.of());
  }
}
