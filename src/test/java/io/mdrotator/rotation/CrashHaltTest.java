package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.ChildJvm;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash hook really halts a child JVM at the armed point, and only there; and only with the
 * test-only switch on the class path: on the production class path (main classes and dependencies,
 * no test classes) neither MDROTATOR_CRASH_AT nor -Dmdrotator.crashAt halts anything.
 */
class CrashHaltTest {

  /** Child entry point: passes every crash point in order, printing each one first. */
  public static final class Child {
    public static void main(String[] args) {
      CrashPoints hook = CrashPoints.fromEnvironment();
      for (CrashPoint p : CrashPoint.values()) {
        System.out.println("at " + p.label());
        System.out.flush();
        hook.reached(p);
      }
      System.exit(0);
    }
  }

  private static Process child(String crashAt) throws Exception {
    ProcessBuilder pb = ChildJvm.of("64m", Child.class.getName());
    if (crashAt != null) {
      pb.environment().put(ChildJvm.CRASH_AT, crashAt);
    }
    return pb.redirectErrorStream(true).start();
  }

  @Test
  void haltsAtTheArmedPointOnly() throws Exception {
    Process p = child("after-mint");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).isEqualTo(CrashPoints.HALT_STATUS);
    assertThat(out).contains("at after-mint").doesNotContain("at after-store");

    Process free = child(null);
    assertThat(free.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(free.exitValue()).isZero();
  }

  @Test
  void environmentVariableAloneDoesNothingOnTheProductionClassPath(@TempDir Path dir) throws Exception {
    ProcessBuilder pb = productionClassPathChild(dir);
    pb.environment().put(CrashPoints.ENV, "after-mint");

    assertPassesEveryPoint(pb);
  }

  @Test
  void systemPropertyAloneDoesNothingOnTheProductionClassPath(@TempDir Path dir) throws Exception {
    ProcessBuilder pb = productionClassPathChild(dir);
    pb.command().add(1, "-D" + CrashPoints.PROPERTY + "=after-mint");

    assertPassesEveryPoint(pb);
  }

  /** The switch is where the tests need it and nowhere the production jar is built from. */
  @Test
  void switchIsOnTheTestClassPathOnly() throws Exception {
    assertThat(CrashPoints.testSwitchPresent()).isTrue();
    String resource = CrashPoints.TEST_SWITCH_CLASS.replace('.', '/') + ".class";
    URL[] production = productionClassPath().stream().map(CrashHaltTest::url).toArray(URL[]::new);
    try (URLClassLoader loader = new URLClassLoader(production, null)) {
      assertThat(loader.getResource(CrashPoints.class.getName().replace('.', '/') + ".class"))
          .as("the production class path holds the main classes").isNotNull();
      assertThat(loader.getResource(resource)).as("the switch on the production class path").isNull();
    }
  }

  private static void assertPassesEveryPoint(ProcessBuilder pb) throws Exception {
    Process p = pb.redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("at after-mint", "at after-revoke").doesNotContain("reached, halting")
        .contains("crash points are a test-only hook, inert in this build; ignored");
  }

  /**
   * A child JVM running {@link Child} on the production class path: the test class path without the
   * test classes, plus a directory holding a copy of the Child class alone.
   */
  private static ProcessBuilder productionClassPathChild(Path dir) throws Exception {
    String child = Child.class.getName().replace('.', '/') + ".class";
    Path copy = dir.resolve(child);
    Files.createDirectories(copy.getParent());
    try (var in = Child.class.getClassLoader().getResourceAsStream(child)) {
      Files.copy(in, copy);
    }
    List<String> cp = new ArrayList<>(productionClassPath().stream().map(Path::toString).toList());
    cp.add(dir.toString());
    ProcessBuilder pb = ChildJvm.of("64m", Child.class.getName());
    List<String> cmd = pb.command();
    cmd.set(cmd.indexOf("-cp") + 1, String.join(File.pathSeparator, cp));
    return pb;
  }

  /** This JVM's class path minus the directory the test classes are loaded from. */
  private static List<Path> productionClassPath() throws Exception {
    Path testClasses = Path.of(CrashHaltTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isEmpty()).map(s -> Path.of(s).toAbsolutePath().normalize()).toList();
    assertThat(cp).as("the test classes are on the class path").contains(testClasses.toAbsolutePath().normalize());
    return cp.stream().filter(p -> !p.equals(testClasses.toAbsolutePath().normalize())).toList();
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
