package io.mdrotator.testing;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.slf4j.LoggerFactory;

/** Puts logback back to the configuration it loads by itself (the product's {@code cli.DefaultLogging}). */
public final class LogbackDefaults {
  private LogbackDefaults() {}

  /** Resets every appender and level a test or the code under test set up, then configures again. */
  public static void restore() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    new ContextInitializer(ctx).autoConfig();
  }
}
