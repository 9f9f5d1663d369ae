package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.ChildJvm;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The production crash hook really halts a child JVM at the armed point, and only there. */
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
}
