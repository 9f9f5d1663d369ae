package io.mdrotator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP inherited as ignored (nohup) is detected from {@code /proc/self/status} and reported at
 * start with the workaround; the file watch keeps reloading.
 */
class SignalHookTest {
  private static final String STATUS = "Name:\tjava\nSigQ:\t0/63445\nSigPnd:\t0000000000000000\n"
      + "SigBlk:\t0000000000000000\nSigIgn:\t%s\nSigCgt:\t2000000181005ccf\n";

  @Test
  void sighupIsTheLowestBitOfTheSigIgnMask() {
    assertThat(SignalHook.hupIgnored(STATUS.formatted("0000000000000001"))).isTrue(); // nohup
    assertThat(SignalHook.hupIgnored(STATUS.formatted("0000000000001003"))).isTrue();
    assertThat(SignalHook.hupIgnored(STATUS.formatted("0000000000000000"))).isFalse();
    assertThat(SignalHook.hupIgnored(STATUS.formatted("0000000000000002"))).isFalse(); // SIGINT only (bit 1)
    assertThat(SignalHook.hupIgnored(STATUS.formatted("0000000000001000"))).isFalse(); // SIGPIPE's neighbours
    assertThat(SignalHook.hupIgnored(STATUS.formatted("fffffffffffffffe"))).isFalse();
  }

  @Test
  void noOrUnreadableMaskSaysNothing() {
    assertThat(SignalHook.hupIgnored("Name:\tjava\n")).isFalse();
    assertThat(SignalHook.hupIgnored(STATUS.formatted(""))).isFalse();
    assertThat(SignalHook.hupIgnored(STATUS.formatted("zz"))).isFalse();
  }

  @Test
  void sighupHookReadsItsStatusFile(@TempDir Path dir) throws Exception {
    Path ignored = Files.writeString(dir.resolve("ignored"), STATUS.formatted("0000000000000001"));
    Path handled = Files.writeString(dir.resolve("handled"), STATUS.formatted("0000000000000000"));
    assertThat(new SignalHook.Sighup(ignored).deafReason()).hasValueSatisfying(r ->
        assertThat(r).contains("SIGHUP is ignored").contains("nohup"));
    assertThat(new SignalHook.Sighup(handled).deafReason()).isEmpty();
    assertThat(new SignalHook.Sighup(dir.resolve("absent")).deafReason()).isEmpty();
  }

  /** A deaf hook: a WARN at start naming the workaround; saving the file still reloads it. */
  @Test
  void deafSignalIsWarnedAtStartAndTheFileWatchStillReloads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, PolicyReloaderTest.policy("a"));
    Policy p = new PolicyLoader().load(file, LoadOptions.defaults()).policy().orElseThrow();
    SignalHook deaf = new SignalHook() {
      @Override
      public void register(Runnable onSignal) {}

      @Override
      public Optional<String> deafReason() {
        return Optional.of("SIGHUP is ignored by this process");
      }
    };
    Logger logger = (Logger) LoggerFactory.getLogger(PolicyReloader.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try (PolicyReloader reloader = new PolicyReloader(file, LoadOptions.defaults(), p, Duration.ofMillis(50), deaf)) {
      reloader.start();
      List<ILoggingEvent> warns = events.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertThat(warns).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
          .isEqualTo(PolicyReloader.deafWarning("SIGHUP is ignored by this process", file.toAbsolutePath()))
          .contains("reloads when " + file.toAbsolutePath() + " is saved")
          .contains("without nohup"));

      Files.writeString(file, PolicyReloaderTest.policy("a", "b"));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> PolicyReloaderTest.slotNames(reloader.current()).equals(List.of("a", "b")));
    } finally {
      logger.detachAppender(events);
    }
  }

  /** A hook that can deliver logs nothing at start. */
  @Test
  void aWorkingHookIsQuiet(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, PolicyReloaderTest.policy("a"));
    Policy p = new PolicyLoader().load(file, LoadOptions.defaults()).policy().orElseThrow();
    Logger logger = (Logger) LoggerFactory.getLogger(PolicyReloader.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try (PolicyReloader reloader = new PolicyReloader(file, LoadOptions.defaults(), p, Duration.ofMillis(50), r -> {})) {
      reloader.start();
      assertThat(events.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    } finally {
      logger.detachAppender(events);
    }
  }
}
