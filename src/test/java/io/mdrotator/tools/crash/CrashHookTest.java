package io.mdrotator.tools.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.rotation.ProtocolStep;
import io.mdrotator.rotation.StepHook;
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
 * The installed crash hook really halts a child JVM at the armed step, and only there; and only on
 * the test class path, which registers it: on the production class path (main classes and
 * dependencies, no test or tooling classes) no hook is installed, so neither MDROTATOR_CRASH_AT nor
 * -Dmdrotator.crashAt halts anything.
 */
class CrashHookTest {

  /** Child entry point: passes every protocol step in order, printing each one first. */
  public static final class Child {
    public static void main(String[] args) {
      StepHook hook = StepHook.installed();
      System.out.println(hook == StepHook.NONE ? "no hook installed" : "hook " + hook.getClass().getSimpleName());
      for (ProtocolStep p : ProtocolStep.values()) {
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
    assertThat(p.exitValue()).isEqualTo(CrashHooks.HALT_STATUS);
    assertThat(out).contains("hook EnvironmentCrashHook", "at after-mint").doesNotContain("at after-store");

    Process free = child(null);
    assertThat(free.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(free.exitValue()).isZero();
  }

  @Test
  void environmentVariableAloneDoesNothingOnTheProductionClassPath(@TempDir Path dir) throws Exception {
    ProcessBuilder pb = productionClassPathChild(dir);
    pb.environment().put(CrashHooks.ENV, "after-mint");

    assertPassesEveryPoint(pb);
  }

  @Test
  void systemPropertyAloneDoesNothingOnTheProductionClassPath(@TempDir Path dir) throws Exception {
    ProcessBuilder pb = productionClassPathChild(dir);
    pb.command().add(1, "-D" + CrashHooks.PROPERTY + "=after-mint");

    assertPassesEveryPoint(pb);
  }

  /** The hook's registration is where the tests need it and nowhere the product jar is built from. */
  @Test
  void registrationIsOnTheTestClassPathOnly() throws Exception {
    assertThat(StepHook.installed()).isInstanceOf(EnvironmentCrashHook.class);
    String resource = "META-INF/services/" + StepHook.class.getName();
    URL[] production = productionClassPath().stream().map(CrashHookTest::url).toArray(URL[]::new);
    try (URLClassLoader loader = new URLClassLoader(production, null)) {
      assertThat(loader.getResource(StepHook.class.getName().replace('.', '/') + ".class"))
          .as("the production class path holds the main classes").isNotNull();
      assertThat(loader.getResource(resource)).as("the registration on the production class path").isNull();
    }
  }

  private static void assertPassesEveryPoint(ProcessBuilder pb) throws Exception {
    Process p = pb.redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("no hook installed", "at after-mint", "at after-revoke")
        .doesNotContain("reached, halting");
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
    Path testClasses = Path.of(CrashHookTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
