package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import io.mdrotator.observability.MaskingPatternLayoutEncoder;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Logback's default configuration is built in code, masks, and steps aside for an operator's file. */
class DefaultLoggingTest {
  @Test
  void isLogbacksConfigurator() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
        .contains(DefaultLogging.class.getName());
  }

  @Test
  void consoleOnStderrThroughTheMaskingEncoder() {
    LoggerContext ctx = new LoggerContext();
    assertThat(new DefaultLogging().configure(ctx)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<?> console = (ConsoleAppender<?>) root.getAppender("CONSOLE");
    assertThat(console.getTarget()).isEqualTo("System.err");
    assertThat(console.getEncoder()).isInstanceOf(MaskingPatternLayoutEncoder.class);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(ctx.getLogger("org.quartz").getLevel()).isEqualTo(Level.WARN);
    assertThat(ctx.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.WARN);
    assertThat(ctx.getLogger("md-rotator.audit").getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void anOperatorsFileWins() {
    String before = System.getProperty("logback.configurationFile");
    System.setProperty("logback.configurationFile", "/etc/md-rotator/logback.xml");
    try {
      LoggerContext ctx = new LoggerContext();
      assertThat(new DefaultLogging().configure(ctx)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    } finally {
      if (before == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", before);
      }
    }
  }
}
