package io.mdrotator.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Replaces the logback.xml configuration at daemon start-up: console on stderr in the chosen
 * format, masked; audit events additionally as JSON lines in {@code auditFile} when given;
 * java.util.logging routed to SLF4J; Quartz and Hikari quieted to WARN.
 */
public final class LoggingSetup {
  /** Text console pattern; MDC (account, slot, rotation_id) shown as {@code {k=v}}. */
  public static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{24} %X - %msg%n";

  private LoggingSetup() {}

  public static void configure(LogFormat format, Optional<Path> auditFile) {
    configure(format, auditFile, Level.INFO);
  }

  public static void configure(LogFormat format, Optional<Path> auditFile, Level rootLevel) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(ctx);
    propagator.setResetJUL(true);
    propagator.start();
    ctx.addListener(propagator);

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setTarget("System.err");
    start(ctx, console, "console", encoder(ctx, format, TEXT_PATTERN));
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel);
    root.addAppender(console);
    ctx.getLogger("org.quartz").setLevel(Level.WARN);
    ctx.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);

    Logger audit = ctx.getLogger(AuditLog.LOGGER_NAME);
    audit.setLevel(Level.INFO);
    auditFile.ifPresent(path -> {
      FileAppender<ILoggingEvent> file = new FileAppender<>();
      file.setFile(path.toString());
      file.setAppend(true);
      start(ctx, file, "audit-file", encoder(ctx, LogFormat.TEXT, "%msg%n"));
      audit.addAppender(file);
    });

    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /** The masking encoder for {@code format}; {@code pattern} applies to text only. */
  public static Encoder<ILoggingEvent> encoder(LoggerContext ctx, LogFormat format, String pattern) {
    if (format == LogFormat.JSON) {
      JsonLineEncoder json = new JsonLineEncoder();
      json.setContext(ctx);
      json.start();
      return json;
    }
    MaskingPatternLayoutEncoder text = new MaskingPatternLayoutEncoder();
    text.setContext(ctx);
    text.setPattern(pattern);
    text.start();
    return text;
  }

  private static void start(LoggerContext ctx, OutputStreamAppender<ILoggingEvent> appender, String name,
      Encoder<ILoggingEvent> encoder) {
    appender.setContext(ctx);
    appender.setName(name);
    appender.setEncoder(encoder);
    appender.start();
  }
}
