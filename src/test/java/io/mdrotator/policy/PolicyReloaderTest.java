package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReloaderTest {
  @TempDir Path dir;
  PolicyReloader reloader;
  final List<PolicyDiff> applied = new CopyOnWriteArrayList<>();
  final List<List<Problem>> rejected = new CopyOnWriteArrayList<>();
  final AtomicReference<Runnable> sighup = new AtomicReference<>();

  static String policy(String... slots) {
    StringBuilder b = new StringBuilder("version: 1\naccounts:\n  - username: etl\n    slots:\n");
    for (String s : slots) {
      b.append("      - {name: ").append(s).append(", token_type: read_write}\n");
    }
    return b.toString();
  }

  Path start(String initial, Duration debounce) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, initial);
    Policy p = new PolicyLoader().load(file, LoadOptions.defaults()).policy().orElseThrow();
    reloader = new PolicyReloader(file, LoadOptions.defaults(), p, debounce, sighup::set);
    reloader.addListener(new PolicyReloadListener() {
      @Override
      public void applied(Policy previous, Policy next, PolicyDiff diff) {
        applied.add(diff);
      }

      @Override
      public void rejected(List<Problem> problems) {
        rejected.add(problems);
      }
    });
    reloader.start();
    return file;
  }

  /** Write-temp-and-rename, so no reload can observe a half-written file (keeps counts exact). */
  void saveAtomically(Path file, String content) throws IOException {
    Path temp = Files.createTempFile(dir, ".policy", ".tmp");
    Files.writeString(temp, content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @AfterEach
  void close() {
    if (reloader != null) {
      reloader.close();
    }
  }

  static List<String> slotNames(Policy p) {
    return p.slots().stream().map(s -> s.id().slot()).toList();
  }

  @Test
  void validChangeIsAppliedWithItsDiff() throws IOException {
    Path file = start(policy("a"), Duration.ofMillis(50));
    Files.writeString(file, policy("a", "b"));
    await().atMost(Duration.ofSeconds(10)).until(() -> slotNames(reloader.current()).equals(List.of("a", "b")));
    assertThat(applied).singleElement().satisfies(d -> {
      assertThat(d.added()).containsExactly(new SlotId("etl", "b"));
      assertThat(d.removed()).isEmpty();
    });
    assertThat(reloader.lastReloadFailed()).isFalse();
  }

  @Test
  void invalidChangeIsRejectedAndTheOldPolicyStays() throws IOException {
    Path file = start(policy("a"), Duration.ofMillis(50));
    Policy before = reloader.current();
    saveAtomically(file, "version: 1\naccounts:\n  - username: etl\n    slots:\n      - name: a\n"
        + "        token_type: read_write\n        ttl: 10s\n");
    // Listeners are told after the flag flips: wait for what is asserted, not for the flag.
    await().atMost(Duration.ofSeconds(10)).until(() -> !rejected.isEmpty());
    assertThat(reloader.lastReloadFailed()).isTrue();
    assertThat(reloader.current()).isSameAs(before);
    assertThat(rejected).singleElement().satisfies(ps -> assertThat(ps).singleElement()
        .satisfies(p -> assertThat(p.format()).startsWith(file + ":7:14: accounts[0].slots[0].ttl: ttl 10s")));
    assertThat(reloader.lastProblems()).hasSize(1);
    assertThat(applied).isEmpty();

    saveAtomically(file, policy("c"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !applied.isEmpty());
    assertThat(reloader.lastReloadFailed()).isFalse();
    assertThat(slotNames(reloader.current())).containsExactly("c");
    assertThat(applied).singleElement().satisfies(d -> assertThat(d.removed()).containsExactly(new SlotId("etl", "a")));
  }

  @Test
  void editorStyleSaveWithTempFileAndRenameIsDetected() throws IOException {
    Path file = start(policy("a"), Duration.ofMillis(50));
    Path temp = dir.resolve(".policy.yaml.swp");
    Files.writeString(temp, policy("renamed"));
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    await().atMost(Duration.ofSeconds(10)).until(() -> slotNames(reloader.current()).equals(List.of("renamed")));
  }

  @Test
  void burstOfSavesIsCoalescedIntoOneReload() throws IOException {
    Path file = start(policy("a"), Duration.ofMillis(700));
    for (int i = 0; i < 20; i++) {
      Files.writeString(file, policy("a", "s" + i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 1);
    await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() -> applied.size() == 1);
    assertThat(reloader.reloadCount()).isEqualTo(1);
    assertThat(slotNames(reloader.current())).containsExactly("a", "s19");
  }

  @Test
  void signalForcesAReloadEvenWithoutFileEvents() throws IOException {
    start(policy("a"), Duration.ofMillis(50));
    assertThat(sighup.get()).isNotNull();
    sighup.get().run();
    // The count goes up when a reload starts, listeners are told at its end: wait for them.
    await().atMost(Duration.ofSeconds(10)).until(() -> !applied.isEmpty());
    assertThat(reloader.reloadCount()).isEqualTo(1);
    assertThat(applied).singleElement().satisfies(d -> assertThat(d.isEmpty()).isTrue());
  }

  @Test
  void directReloadReportsTheResult() throws IOException {
    Path file = start(policy("a"), Duration.ofSeconds(30));
    Files.writeString(file, "version: 1\naccounts: [\n");
    LoadResult r = reloader.reload();
    assertThat(r.isValid()).isFalse();
    assertThat(reloader.lastReloadFailed()).isTrue();
    assertThat(slotNames(reloader.current())).containsExactly("a");
  }
}
