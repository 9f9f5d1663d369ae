package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the policy in force current: watches the policy file's directory (so write-temp-and-rename
 * saves and symlink swaps are seen), coalesces bursts of events with a debounce, and reloads on
 * SIGHUP. A valid file is swapped in atomically; an invalid one is rejected whole and the previous
 * policy stays in force. Removing a slot only stops managing it: nothing is revoked here.
 */
public final class PolicyReloader implements AutoCloseable {
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(500);
  private static final Logger log = LoggerFactory.getLogger(PolicyReloader.class);

  private final Path file;
  private final LoadOptions options;
  private final Duration debounce;
  private final SignalHook signals;
  private final PolicyLoader loader = new PolicyLoader();
  private final AtomicReference<Policy> current;
  private final List<PolicyReloadListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor;
  private final AtomicLong attempts = new AtomicLong();
  private final Object lock = new Object();
  private ScheduledFuture<?> pending; // guarded by lock
  private byte[] lastDigest; // guarded by lock
  private volatile List<Problem> lastProblems = List.of();
  private volatile boolean lastFailed;
  private volatile WatchService watchService;
  private Thread watcher;

  /** {@code initial} is the policy already loaded from {@code file} at start-up. */
  public PolicyReloader(Path file, LoadOptions options, Policy initial, Duration debounce, SignalHook signals) {
    this.file = file.toAbsolutePath().normalize();
    this.options = Objects.requireNonNull(options, "options");
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    this.debounce = Objects.requireNonNull(debounce, "debounce");
    this.signals = Objects.requireNonNull(signals, "signals");
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "policy-reload");
      t.setDaemon(true);
      return t;
    });
    this.lastDigest = digest(readOrNull());
  }

  /** Production wiring: 500 ms debounce and SIGHUP. */
  public static PolicyReloader of(Path file, LoadOptions options, Policy initial) {
    return new PolicyReloader(file, options, initial, DEFAULT_DEBOUNCE, SignalHook.SIGHUP);
  }

  public void addListener(PolicyReloadListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Starts watching the file's directory and registers the signal. */
  public void start() throws IOException {
    Path dir = file.getParent();
    WatchService ws = dir.getFileSystem().newWatchService();
    dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    watchService = ws;
    watcher = new Thread(() -> watch(ws), "policy-watch");
    watcher.setDaemon(true);
    watcher.start();
    try {
      signals.register(() -> executor.execute(this::reload));
      signals.deafReason().ifPresent(reason -> log.warn(deafWarning(reason, file)));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      log.warn("reload signal not available ({}); policy reloads on file changes only", e.getMessage());
    }
  }

  /**
   * The start-up WARN when the reload signal cannot arrive: the reason and both ways out (saving
   * the file reloads it, since the directory watch does not depend on signals; or start the daemon
   * so SIGHUP is not ignored).
   */
  static String deafWarning(String reason, Path file) {
    return reason + "; the policy still reloads when " + file + " is saved (file watch)."
        + " To reload with SIGHUP, start md-rotator without nohup: under systemd, or detached with setsid,"
        + " which leaves SIGHUP handled";
  }

  /** The policy in force. */
  public Policy current() {
    return current.get();
  }

  /** True while the latest reload attempt was rejected (until a valid file is applied). */
  public boolean lastReloadFailed() {
    return lastFailed;
  }

  /** Problems of the latest reload attempt (warnings of an applied one, errors of a rejected one). */
  public List<Problem> lastProblems() {
    return lastProblems;
  }

  /** Reload attempts made so far (file-triggered attempts on unchanged content are skipped). */
  public long reloadCount() {
    return attempts.get();
  }

  /** Reloads now, whether or not the file changed (SIGHUP, tests). */
  public LoadResult reload() {
    synchronized (lock) {
      byte[] content = readOrNull();
      lastDigest = digest(content);
      return apply(content);
    }
  }

  private void reloadIfChanged() {
    synchronized (lock) {
      byte[] content = readOrNull();
      byte[] d = digest(content);
      if (Arrays.equals(d, lastDigest)) {
        return;
      }
      lastDigest = d;
      apply(content);
    }
  }

  private LoadResult apply(byte[] content) {
    attempts.incrementAndGet();
    LoadResult result = content == null
        ? loader.load(file, options) // reports the read failure with a location
        : loader.load(file, content, options);
    lastProblems = result.problems();
    if (result.policy().isEmpty()) {
      lastFailed = true;
      log.error("policy reload rejected, previous policy stays in force: {} problem(s)", result.errors().size());
      result.errors().forEach(p -> log.error("{}", p.format()));
      listeners.forEach(l -> notify(() -> l.rejected(result.problems())));
      return result;
    }
    Policy next = result.policy().get();
    Policy previous = current.getAndSet(next);
    lastFailed = false;
    PolicyDiff diff = PolicyDiff.between(previous, next);
    log.info("policy reloaded from {}: {}", file, diff.summary());
    if (!diff.removed().isEmpty()) {
      log.warn("slots {} are no longer managed; their tokens are left as they are (not revoked)", diff.removed());
      RemovedSlots.unretired(previous, next).forEach(id -> log.warn("{}", RemovedSlots.advice(id)));
    }
    // once per reload and aggregated: a shared setting warns once, not once per slot
    LintSummary.lines(result.warnings()).forEach(line -> log.warn("{}", line));
    listeners.forEach(l -> notify(() -> l.applied(previous, next, diff)));
    return result;
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.error("policy reload listener failed", e);
    }
  }

  private void watch(WatchService ws) {
    try {
      while (true) {
        WatchKey key = ws.take();
        if (!key.pollEvents().isEmpty()) {
          schedule();
        }
        if (!key.reset()) {
          log.error("policy directory {} is no longer watched; use SIGHUP to reload", file.getParent());
          return;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void schedule() {
    synchronized (lock) {
      if (pending != null) {
        pending.cancel(false);
      }
      pending = executor.schedule(this::reloadIfChanged, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private byte[] readOrNull() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] digest(byte[] content) {
    if (content == null) {
      return new byte[0];
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  @Override
  public void close() {
    WatchService ws = watchService;
    if (ws != null) {
      try {
        ws.close();
      } catch (IOException e) {
        log.warn("closing the policy watch service failed", e);
      }
    }
    executor.shutdownNow();
  }
}
