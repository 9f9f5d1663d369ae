package io.mdrotator.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Replaces the start-up logging configuration ({@code cli.DefaultLogging}) when a command starts
 * (unless the operator supplies a Logback file, see {@link #configure(Settings)}): console on stderr in the chosen format, masked;
 * root and per-logger levels; audit events additionally as JSON lines in {@code auditFile} when
 * given (created with mode 0640, see {@link #openAuditFile}); java.util.logging routed to SLF4J;
 * Quartz and Hikari quieted to WARN unless a per-logger level says otherwise.
 */
public final class LoggingSetup {
  /** Text console pattern; MDC (account, slot, rotation_id) shown as {@code {k=v}}. */
  public static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{24} %X - %msg%n";

  /**
   * Mode of an audit file md-rotator creates: owner read and write, group read (a log shipper can
   * be given the group), nothing for others. Audit lines hold token ids and names, never tokens.
   */
  public static final Set<PosixFilePermission> AUDIT_FILE_MODE = AuditFile.MODE;

  private static final String AUDIT_APPENDER = "audit-file";

  /**
   * The configured audit file cannot be opened for appending. The message is one line naming the
   * file and the reason (no stack trace needed); the daemon does not run without its audit log.
   */
  public static final class AuditFileException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    AuditFileException(Path file, IOException cause) {
      super("logging.auditFile " + file + " cannot be opened for appending: " + AuditFile.reason(file, cause)
          + "; md-rotator does not run without its audit log", cause);
    }
  }

  private LoggingSetup() {}

  /**
   * Makes sure {@code file} can be appended to, as the audit appender will: creates missing parent
   * directories and, when the file does not exist, creates it with {@link #AUDIT_FILE_MODE} whatever
   * the process umask (created owner-only, which the umask can only narrow, then set to exactly
   * 0640: never more open than that at any instant). An existing file keeps its mode: it is the
   * operator's. On a file system without POSIX permissions the file is created with its defaults.
   * Called by {@link #configure} and by {@code Daemon.start}, which refuses to run when it throws.
   *
   * @throws AuditFileException when the directory or the file cannot be created or opened
   */
  public static void openAuditFile(Path file) {
    AuditFile.open(file);
  }

  /**
   * What md-rotator configures: console format, audit file, root level, per-logger levels (logger
   * or package name to level, applied in order), and whether audit events also reach the console
   * (the daemon: yes, so a log shipper reading stderr gets them; the demo: no, its terminal is for
   * humans and its audit stream goes to the file).
   */
  public record Settings(LogFormat format, Optional<Path> auditFile, Level rootLevel, Map<String, Level> levels,
      boolean auditOnConsole) {
    public Settings {
      levels = Collections.unmodifiableMap(new LinkedHashMap<>(levels));
    }

    /** INFO, no per-logger levels, audit events on the console too. */
    public static Settings of(LogFormat format, Optional<Path> auditFile) {
      return new Settings(format, auditFile, Level.INFO, Map.of(), true);
    }
  }

  /** Who configured the console and levels: md-rotator, or the operator's own Logback file. */
  public enum Outcome {
    CONFIGURED,
    OPERATOR_FILE
  }

  public static void configure(LogFormat format, Optional<Path> auditFile) {
    configure(format, auditFile, Level.INFO);
  }

  public static void configure(LogFormat format, Optional<Path> auditFile, Level rootLevel) {
    configure(new Settings(format, auditFile, rootLevel, Map.of(), true));
  }

  /**
   * Configures logging for a command. When the operator names a Logback file with {@code
   * -Dlogback.configurationFile}, Logback has already loaded it and it takes precedence: the context
   * is not reset and format and levels are left as that file says; only the audit file appender is
   * added (when {@code auditFile} is given and not already attached), so the audit trail never
   * depends on a hand-written file. Otherwise the context is reset and built from {@code settings}.
   *
   * <p>When {@link #openAuditFile} fails no audit appender is added and nothing is logged here: the
   * caller must not run without it (the commands call {@link #openAuditFile} first and refuse with
   * {@link AuditFileException}, printed as one line, exit 2).
   */
  public static Outcome configure(Settings settings) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    if (operatorFile().isPresent()) {
      settings.auditFile().ifPresent(path -> attachAuditFile(ctx, path));
      return Outcome.OPERATOR_FILE;
    }
    ctx.reset();
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(ctx);
    propagator.setResetJUL(true);
    propagator.start();
    ctx.addListener(propagator);

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setTarget("System.err");
    start(ctx, console, "console", encoder(ctx, settings.format(), TEXT_PATTERN));
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(settings.rootLevel());
    root.addAppender(console);
    ctx.getLogger("org.quartz").setLevel(Level.WARN);
    ctx.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    settings.levels().forEach((name, level) -> ctx.getLogger(name).setLevel(level));

    Logger audit = ctx.getLogger(AuditLog.LOGGER_NAME);
    audit.setLevel(Level.INFO); // whatever the root level: the audit trail is never turned down
    audit.setAdditive(settings.auditOnConsole());
    settings.auditFile().ifPresent(path -> attachAuditFile(ctx, path));

    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    return Outcome.CONFIGURED;
  }

  /** The Logback file named by {@code -Dlogback.configurationFile}, when one is. */
  public static Optional<String> operatorFile() {
    return Optional.ofNullable(System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY)).filter(s -> !s.isBlank());
  }

  private static void attachAuditFile(LoggerContext ctx, Path path) {
    Logger audit = ctx.getLogger(AuditLog.LOGGER_NAME);
    if (audit.getAppender(AUDIT_APPENDER) != null) {
      return;
    }
    try {
      openAuditFile(path);
    } catch (AuditFileException e) {
      return; // the caller reports it and refuses to run
    }
    audit.setLevel(Level.INFO);
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setFile(path.toString());
    file.setAppend(true);
    start(ctx, file, AUDIT_APPENDER, encoder(ctx, LogFormat.TEXT, "%msg%n"));
    audit.addAppender(file);
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
