package io.mdrotator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import io.mdrotator.observability.LogFormat;
import io.mdrotator.observability.LoggingSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console example in docs/operations.md "5. Logs" is what the daemon's console encoder writes:
 * each line, taken apart into time, level, thread, logger, MDC and message, is encoded again with
 * {@link LoggingSetup#TEXT_PATTERN} and must come out byte for byte the same, with a logger that
 * exists in the code.
 */
class ConsoleLogExampleTest {
  private static final Pattern LINE =
      Pattern.compile("^(\\S+) (\\S+) +\\[([^\\]]*)\\] (\\S+) (.*?) - (.*)$");
  private static final String AUDIT_LOGGER = "md-rotator.audit";

  static List<String> exampleLines() throws Exception {
    String doc = Files.readString(Path.of("docs/operations.md"));
    int logs = doc.indexOf("\n## 5. Logs\n");
    assertThat(logs).isNotNegative();
    int open = doc.indexOf("\n```\n", logs);
    int close = doc.indexOf("\n```\n", open + 4);
    assertThat(open).isPositive();
    assertThat(close).isGreaterThan(open);
    return List.of(doc.substring(open + 5, close).split("\n"));
  }

  /** Logger names in the code: every top-level class under target/classes, and the audit logger. */
  static List<String> loggers() throws Exception {
    Path classes = Path.of("target/classes");
    List<String> names = new ArrayList<>(List.of(AUDIT_LOGGER));
    try (Stream<Path> s = Files.walk(classes)) {
      s.map(p -> classes.relativize(p).toString())
          .filter(p -> p.endsWith(".class") && !p.contains("$"))
          .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
          .forEach(names::add);
    }
    return names;
  }

  static String encode(Encoder<ILoggingEvent> encoder, Matcher m, String logger) {
    LoggingEvent e = new LoggingEvent();
    e.setTimeStamp(Instant.parse(m.group(1)).toEpochMilli());
    e.setLevel(Level.toLevel(m.group(2), null));
    e.setThreadName(m.group(3));
    e.setLoggerName(logger);
    Map<String, String> mdc = new LinkedHashMap<>();
    if (!m.group(5).isEmpty()) {
      for (String pair : m.group(5).split(", ")) {
        assertThat(pair).as("MDC entry in " + m.group()).matches("(account|slot|rotation_id)=[^,= ]+");
        String[] kv = pair.split("=", 2);
        mdc.put(kv[0], kv[1]);
      }
    }
    e.setMDCPropertyMap(mdc);
    e.setMessage(m.group(6));
    return new String(encoder.encode(e), StandardCharsets.UTF_8).stripTrailing();
  }

  @Test
  void everyExampleLineIsWhatTheConsoleEncoderWrites() throws Exception {
    LoggerContext ctx = new LoggerContext();
    Encoder<ILoggingEvent> encoder = LoggingSetup.encoder(ctx, LogFormat.TEXT, LoggingSetup.TEXT_PATTERN);
    List<String> loggers = loggers();
    assertThat(loggers).contains("io.mdrotator.observability.OperatorLog");
    List<String> lines = exampleLines();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
    List<String> usedLoggers = new ArrayList<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("console line shape: " + line).isTrue();
      assertThat(Level.toLevel(m.group(2), null)).as("level of " + line).isNotNull();
      String match = loggers.stream().filter(l -> encode(encoder, m, l).equals(line)).findFirst().orElse(null);
      String closest = loggers.stream().filter(l -> l.endsWith("." + m.group(4).replaceAll("^.*\\.", "")))
          .findFirst().map(l -> encode(encoder, m, l)).orElse("(no logger named like " + m.group(4) + ")");
      assertThat(match).as("docs line:    %s%nencoder says: %s", line, closest).isNotNull();
      usedLoggers.add(match);
      Matcher slot = Pattern.compile("\\bslot (\\w+)/(\\w+)").matcher(m.group(6));
      if (slot.find()) {
        assertThat(m.group(5)).as("MDC of " + line).isEqualTo("account=" + slot.group(1) + ", slot=" + slot.group(2));
      }
    }
    // The example shows what an operator greps for: the operator log and the audit stream.
    assertThat(usedLoggers).contains("io.mdrotator.observability.OperatorLog", AUDIT_LOGGER);
  }

  @Test
  void aChangedLineIsCaught() throws Exception {
    LoggerContext ctx = new LoggerContext();
    Encoder<ILoggingEvent> encoder = LoggingSetup.encoder(ctx, LogFormat.TEXT, LoggingSetup.TEXT_PATTERN);
    // The format the guide used to show: MDC with rotation_id and a logger that does not exist.
    String old = "2026-11-28T02:00:00.000Z INFO  [rotation-1] i.m.rotation.Engine account=svc_etl, slot=primary,"
        + " rotation_id=r-0001 - minted token_id=tok-123";
    Matcher m = LINE.matcher(old);
    assertThat(m.matches()).isTrue();
    assertThat(loggers()).noneMatch(l -> encode(encoder, m, l).equals(old));
  }
}
