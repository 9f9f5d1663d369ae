package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code nohup md-rotator run}: the inherited SIG_IGN is reported at start with the workaround,
 * {@code kill -HUP} is indeed ignored, and saving the policy still reloads it. The demo policy's
 * shared {@code renewBefore} warns for every slot: the log shows it once at start and once per
 * reload, naming its slots.
 */
@EnabledOnOs(OS.LINUX) // /proc/self/status and nohup
class NohupRunTest {
  @Test
  void underNohupTheDaemonWarnsAndStillReloadsOnSave() throws Exception {
    try (DemoEnvironment env = DemoEnvironment.start(0)) {
      Path config = env.configFile();
      Path policy = config.resolveSibling("policy.yaml");
      Path log = Files.createDirectories(Path.of("target", "cli-run")).resolve("nohup-" + System.nanoTime() + ".log");
      ProcessBuilder pb = ChildJvm.of("256m", Main.class.getName(), "run", "--config", config.toString());
      List<String> cmd = new ArrayList<>(pb.command());
      cmd.add(0, "nohup");
      Process child = pb.command(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> !child.isAlive() || Files.readString(log).contains("md-rotator started"));
        String started = Files.readString(log);
        assertThat(child.isAlive()).as(started).isTrue();
        assertThat(started.lines().filter(l -> l.contains(" WARN ") && l.contains("SIGHUP is ignored")))
            .as(started).singleElement().satisfies(l -> assertThat(l)
                .contains("reloads when " + policy.toAbsolutePath().normalize() + " is saved")
                .contains("without nohup"));

        assertThat(sharedWarnings(started)).as(started).singleElement()
            .satisfies(l -> assertThat(l).contains(" (4 slots: "));

        new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).start().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        assertThat(child.isAlive()).as("SIGHUP is ignored, not fatal").isTrue();
        assertThat(Files.readString(log)).doesNotContain("policy reloaded from");

        Path tmp = Files.writeString(policy.resolveSibling("policy.yaml.tmp"), Files.readString(policy) + """
                  - name: batch
                    token_type: read_write
            """);
        Files.move(tmp, policy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> Files.readString(log).contains("policy applied"));
        String all = Files.readString(log);
        assertThat(sharedWarnings(all)).as(all).hasSize(2) // start, then the reload
            .last().satisfies(l -> assertThat(l).contains(" (5 slots: "));
      } finally {
        child.destroy();
        child.waitFor(40, TimeUnit.SECONDS);
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** WARN lines of the demo policy's shared renewBefore warning. */
  private static List<String> sharedWarnings(String log) {
    return log.lines().filter(l -> l.contains(" WARN ") && l.contains("leaves less than 1h of retries")).toList();
  }
}
