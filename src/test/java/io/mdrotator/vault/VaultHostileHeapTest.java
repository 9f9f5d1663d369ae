package io.mdrotator.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Heap stays bounded: in a child JVM with a 32 MiB heap, endless and 100 MiB reply bodies on the
 * REST path and the driver's API path, twice each, all end with {@link VaultReplyTooLargeException}
 * having counted just past the 4 MiB cap, and the JVM survives. A client buffering the body runs
 * out of memory here.
 */
@Timeout(120)
class VaultHostileHeapTest {
  static final String HEAP = "32m";

  @Test
  void hugeAndEndlessBodiesFitInA32MiBHeap() throws Exception {
    ProcessBuilder pb = ChildJvm.of(HEAP, HostileHeapProbe.class.getName()).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    List<String[]> results = out.lines().filter(l -> l.startsWith("RESULT ")).map(l -> l.split(" ")).toList();
    assertThat(results).as(out).hasSize(8);
    for (String[] r : results) {
      assertThat(r[2]).as(String.join(" ", r)).isEqualTo("VaultReplyTooLargeException");
      long received = Long.parseLong(r[3]);
      if (r[1].endsWith("announced")) {
        assertThat(received).as("refused on Content-Length").isZero();
      } else {
        assertThat(received).as(r[1]).isGreaterThan(VaultConnection.MAX_REPLY_BYTES)
            .isLessThan(VaultConnection.MAX_REPLY_BYTES + (1 << 20));
      }
    }
    System.out.println(out.lines().filter(l -> l.startsWith("PEAK ")).findFirst().orElse("no PEAK line"));
  }
}
