package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A launch builds only the command it names (picocli reflects over every command it is given);
 * without a command, with {@code help} or with an unknown one, every command is there to be listed.
 */
class MainCommandsTest {
  private static final List<String> ALL = List.of("help", "run", "plan", "reconcile", "rotate", "retire", "demo",
      "emulator", "validate", "health", "delete-account", "adopt", "cds");

  private static List<String> commands(String... args) {
    CommandLine cl = Main.commandLine(args);
    return List.copyOf(cl.getSubcommands().keySet());
  }

  @Test
  void aNamedCommandIsTheOnlyOneBuilt() {
    assertThat(commands("run", "--config", "/etc/md-rotator/md-rotator.yaml")).containsExactly("run");
    assertThat(commands("validate", "--help")).containsExactly("validate");
  }

  @Test
  void helpNoCommandAndAnUnknownOneSeeEveryCommandInOrder() {
    assertThat(commands()).isEqualTo(ALL);
    assertThat(commands("--help")).isEqualTo(ALL);
    assertThat(commands("help", "run")).isEqualTo(ALL);
    assertThat(commands("bogus")).isEqualTo(ALL);
  }

  @Test
  void aNamedCommandKeepsItsQualifiedNameInUsage() {
    CommandLine run = Main.commandLine("run", "--help").getSubcommands().get("run");
    assertThat(run.getUsageMessage()).startsWith("Usage: md-rotator run");
  }
}
