package io.mdrotator.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A private Logback context writing one logger through a given encoder into memory; {@link #events}
 * keeps the same events as logged, before any encoder masks them.
 */
final class CapturedLogs {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final LoggerContext ctx = new LoggerContext();
  final Logger logger;
  final ListAppender<ILoggingEvent> events = new ListAppender<>();

  CapturedLogs(String loggerName, LogFormat format, String pattern) {
    ctx.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
    Encoder<ILoggingEvent> encoder = LoggingSetup.encoder(ctx, format, pattern);
    OutputStreamAppender<ILoggingEvent> app = new OutputStreamAppender<>();
    app.setContext(ctx);
    app.setEncoder(encoder);
    app.setOutputStream(bytes);
    app.start();
    events.setContext(ctx);
    events.start();
    logger = ctx.getLogger(loggerName);
    logger.addAppender(app);
    logger.addAppender(events);
  }

  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
