package io.mdrotator.testing;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/** Puts logback back to the configuration it loads by itself (the product's {@code cli.DefaultLogging}). */
public final class LogbackDefaults {
  private LogbackDefaults() {}

  /** Resets every appender and level a test or the code under test set up, then configures again. */
  public static void restore() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    try {
      new ContextInitializer(ctx).autoConfig();
    } catch (JoranException e) {
      throw new IllegalStateException("logback cannot configure itself again", e);
    }
  }
}
