package io.mdrotator.motherduck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Heap stays bounded: in a child JVM with a 48 MiB heap, an endless body and 100 MiB bodies (with
 * and without Content-Length), twice each, all end as {@code reply_too_large} at the 16 MiB cap and
 * the JVM survives. A client buffering the whole body runs out of memory here.
 */
@Timeout(120)
class MotherDuckHostileHeapTest {
  static final String HEAP = "48m";

  @Test
  void hugeAndEndlessBodiesFitInA48MiBHeap() throws Exception {
    Process p = ChildJvm.of(HEAP, MotherDuckHeapProbe.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> results = out.lines().filter(l -> l.startsWith("RESULT ")).toList();
    assertThat(results).as(out).hasSize(6).allSatisfy(r -> assertThat(r).endsWith(" reply_too_large"));
    long peak = Long.parseLong(out.lines().filter(l -> l.startsWith("PEAK ")).findFirst().orElseThrow().substring(5));
    assertThat(peak).as(out).isLessThan(48L << 20);
    System.out.println("MotherDuck hostile bodies, heap pools' peak: " + (peak >> 20) + " MiB");
  }
}
