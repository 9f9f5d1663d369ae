package io.mdrotator.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Registers a callback for the reload signal. {@link #SIGHUP} uses {@code sun.misc.Signal};
 * {@link #NONE} registers nothing (tests call {@link PolicyReloader#reload()} directly).
 */
@FunctionalInterface
public interface SignalHook {
  void register(Runnable onSignal);

  /**
   * Why a callback registered here will never run although {@link #register} succeeded; empty when
   * it can run (or when that cannot be known). The reloader logs it at start as a WARN.
   */
  default Optional<String> deafReason() {
    return Optional.empty();
  }

  SignalHook NONE = onSignal -> {};

  /** SIGHUP via jdk.unsupported; throws IllegalArgumentException where the JVM forbids it. */
  SignalHook SIGHUP = new Sighup(Path.of("/proc/self/status"));

  /**
   * SIGHUP, aware of one silent failure: a process started under {@code nohup} inherits SIGHUP as
   * ignored (SIG_IGN), the JVM then leaves it ignored, and {@code Signal.handle} returns without
   * installing anything, so {@code kill -HUP} does nothing at all. Linux shows the disposition in
   * {@code /proc/self/status}; elsewhere nothing is detected.
   */
  final class Sighup implements SignalHook {
    private final Path procStatus;

    /** {@code procStatus}: the file to read the {@code SigIgn:} line from (tests pass their own). */
    public Sighup(Path procStatus) {
      this.procStatus = procStatus;
    }

    @Override
    public void register(Runnable onSignal) {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> onSignal.run());
    }

    @Override
    public Optional<String> deafReason() {
      String status;
      try {
        status = Files.readString(procStatus);
      } catch (IOException | RuntimeException e) {
        return Optional.empty(); // not Linux, or /proc not mounted: cannot tell, say nothing
      }
      return hupIgnored(status)
          ? Optional.of("SIGHUP is ignored by this process (inherited SIG_IGN, e.g. started under nohup):"
              + " kill -HUP will not reload the policy")
          : Optional.empty();
    }
  }

  /**
   * True when the {@code SigIgn:} line of a {@code /proc/<pid>/status} text has SIGHUP's bit set.
   * The mask is hexadecimal, signal {@code n} at bit {@code n - 1}, so SIGHUP (1) is the lowest
   * bit. False when there is no such line or it does not parse (nothing can be said).
   */
  static boolean hupIgnored(String procStatus) {
    for (String line : procStatus.split("\n")) {
      if (line.startsWith("SigIgn:")) {
        String hex = line.substring("SigIgn:".length()).strip();
        if (hex.isEmpty() || !hex.matches("[0-9a-fA-F]+")) {
          return false;
        }
        // only the last digit holds bits 0..3; the mask is 16 digits, too wide for a long with a sign
        return (Character.digit(hex.charAt(hex.length() - 1), 16) & 1) != 0;
      }
    }
    return false;
  }
}
