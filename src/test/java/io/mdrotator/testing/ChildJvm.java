package io.mdrotator.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a test's child JVM on the test class path: small heap, C1 only and serial GC (start-up
 * matters more than peak speed on a shared 2-core machine), never inheriting an armed crash point
 * from the test's own environment.
 */
public final class ChildJvm {
  /**
   * The environment variable that arms the crash hook ({@code tools.crash.EnvironmentCrashHook}),
   * which the test class path registers: a child JVM started here halts at the named step.
   */
  public static final String CRASH_AT = io.mdrotator.tools.crash.CrashHooks.ENV;

  private ChildJvm() {}

  /** {@code java -Xmx<heap> ... -cp <test class path> mainClass args}, crash point unarmed. */
  public static ProcessBuilder of(String heap, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove(CRASH_AT);
    return pb;
  }
}
