package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import io.mdrotator.document.Severity;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Lint warnings in the daemon's log: one line per distinct warning naming its slots, not one per slot. */
class LintSummaryTest {
  private static final Path F = Path.of("policy.yaml");

  private static Problem warn(int line, int col, String msg) {
    return new Problem(F, line, col, Severity.WARNING, msg);
  }

  @Test
  void oneWarningForManySlotsIsOneLineNamingThem() {
    List<String> lines = LintSummary.lines(List.of(
        warn(4, 16, "accounts[0].slots[0] (etl/rw): renewBefore 19s leaves less than 1h"),
        warn(9, 3, "accounts[0].slots[1] (etl/rs): gracePeriod 1h > renewBefore 19s"),
        warn(4, 16, "accounts[1].slots[0] (bi/rw): renewBefore 19s leaves less than 1h"),
        new Problem(F, 1, 1, Severity.ERROR, "accounts[0]: an error is not a lint warning"),
        warn(12, 5, "accounts[1].slots[1] (bi/rs): renewBefore 19s leaves less than 1h")));
    assertThat(lines).containsExactly(
        "policy.yaml:4:16: warning: renewBefore 19s leaves less than 1h"
            + " (3 slots: accounts[0].slots[0] (etl/rw), accounts[1].slots[0] (bi/rw), accounts[1].slots[1] (bi/rs))",
        "policy.yaml:9:3: warning: accounts[0].slots[1] (etl/rs): gracePeriod 1h > renewBefore 19s");
  }

  @Test
  void beyondFiveSlotsTheRestAreCounted() {
    List<Problem> many = java.util.stream.IntStream.range(0, 7)
        .mapToObj(i -> warn(3 + i, 7, "s" + i + ": pulse cooldown ignored")).toList();
    assertThat(LintSummary.lines(many))
        .containsExactly("policy.yaml:3:7: warning: pulse cooldown ignored (7 slots: s0, s1, s2, s3, s4 and 2 more)");
  }

  @Test
  void warningsWithoutASubjectAreNeverMergedOrLost() {
    assertThat(LintSummary.lines(List.of(warn(2, 2, "no subject"), warn(3, 3, "no subject"))))
        .containsExactly("policy.yaml:2:2: warning: no subject", "policy.yaml:3:3: warning: no subject");
    assertThat(LintSummary.lines(List.of())).isEmpty();
  }

  /** A reload of a policy whose shared default warns for three slots logs one WARN line for it. */
  @Test
  void aReloadLogsASharedWarningOnce(@TempDir Path dir) throws Exception {
    String shared = """
        version: 1
        defaults:
          ttl: 2h
          renewBefore: 10m
        accounts:
          - username: etl
            slots:
        """;
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, shared + "      - {name: a, token_type: read_write}\n");
    Policy p = new PolicyLoader().load(file, LoadOptions.defaults()).policy().orElseThrow();
    Logger logger = (Logger) LoggerFactory.getLogger(PolicyReloader.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try (PolicyReloader reloader = new PolicyReloader(file, LoadOptions.defaults(), p, Duration.ofMillis(50), SignalHook.NONE)) {
      Files.writeString(file, shared + """
                - {name: a, token_type: read_write}
                - {name: b, token_type: read_write}
                - {name: c, token_type: read_write}
          """);
      LoadResult r = reloader.reload();
      assertThat(r.warnings()).as("the linter still reports each slot").hasSizeGreaterThanOrEqualTo(3);
      List<String> warns = events.list.stream().filter(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(warns).isEqualTo(LintSummary.lines(r.warnings()));
      assertThat(warns).as("the 10m renewBefore and the built-in 1h gracePeriod, each once").hasSize(2);
      assertThat(warns).filteredOn(w -> w.contains("leaves less than 1h")).singleElement()
          .satisfies(w -> assertThat(w).endsWith(
              " (3 slots: accounts[0].slots[0] (etl/a), accounts[0].slots[1] (etl/b), accounts[0].slots[2] (etl/c))"));
      assertThat(warns).filteredOn(w -> w.contains("gracePeriod 1h > renewBefore 10m")).singleElement()
          .satisfies(w -> assertThat(w).contains("(3 slots: "));
    } finally {
      logger.detachAppender(events);
    }
  }
}
