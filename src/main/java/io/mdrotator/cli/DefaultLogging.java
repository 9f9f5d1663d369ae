package io.mdrotator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.mdrotator.observability.AuditLog;
import io.mdrotator.observability.LogFormat;
import io.mdrotator.observability.LoggingSetup;

/**
 * Logback's configuration until a command (run, reconcile, rotate, demo) calls
 * {@link LoggingSetup#configure}, which replaces it with the config's logging section: text lines
 * on stderr through the masking encoder, INFO, Quartz and Hikari at WARN. Registered as Logback's
 * {@link Configurator} (META-INF/services), so that the first logger of any command, including a
 * library's, costs no XML parsing.
 *
 * <p>It steps aside for a file of the operator's own: {@code -Dlogback.configurationFile=...}, or
 * a {@code logback.xml} / {@code logback-test.xml} on the class path, which Logback then loads as
 * usual (md-rotator does not reset it and only attaches {@code logging.auditFile}; keep the
 * masking encoders in it: MaskingPatternLayoutEncoder for text, JsonLineEncoder for JSON lines).
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    if (LoggingSetup.operatorFile().isPresent() || onClassPath("logback-test.xml") || onClassPath("logback.xml")) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setName("CONSOLE");
    console.setTarget("System.err");
    console.setEncoder(LoggingSetup.encoder(ctx, LogFormat.TEXT, LoggingSetup.TEXT_PATTERN));
    console.start();
    ctx.getLogger("org.quartz").setLevel(Level.WARN);
    ctx.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    ctx.getLogger(AuditLog.LOGGER_NAME).setLevel(Level.INFO);
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static boolean onClassPath(String resource) {
    ClassLoader loader = DefaultLogging.class.getClassLoader();
    return loader != null && loader.getResource(resource) != null;
  }
}
