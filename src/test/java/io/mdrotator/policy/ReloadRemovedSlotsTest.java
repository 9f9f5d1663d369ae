package io.mdrotator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A reload that removes a slot the policy in force did not retire logs the advice to retire it
 * first; a slot already retired is removed silently (the last step of a retirement).
 */
class ReloadRemovedSlotsTest {
  @TempDir Path dir;

  @Test
  void removingAnUnretiredSlotWarnsAndARetiredOneDoesNot() throws Exception {
    Path file = dir.resolve("policy.yaml");
    String before = """
        version: 1
        accounts:
          - username: etl
            slots:
              - {name: keep, token_type: read_write}
              - {name: gone, token_type: read_write}
              - {name: done, token_type: read_write, retire: true}
        """;
    Files.writeString(file, before);
    Policy p = new PolicyLoader().load(file, LoadOptions.defaults()).policy().orElseThrow();
    Logger logger = (Logger) LoggerFactory.getLogger(PolicyReloader.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (PolicyReloader reloader = new PolicyReloader(file, LoadOptions.defaults(), p, Duration.ofMillis(50), r -> { })) {
      Files.writeString(file, "version: 1\naccounts:\n  - username: etl\n    slots:\n"
          + "      - {name: keep, token_type: read_write}\n");

      assertThat(reloader.reload().isValid()).isTrue();
    } finally {
      logger.detachAppender(logs);
    }

    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("slot etl/gone is removed without being retired"))
        .noneMatch(m -> m.startsWith("slot etl/done"));
  }
}
