package io.mdrotator.motherduck;

import io.mdrotator.testing.HostileServer;
import io.mdrotator.port.IoFailure;
import io.mdrotator.port.MotherDuckIoException;
import io.mdrotator.secret.Secret;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;

/**
 * Child-JVM side of {@link MotherDuckHostileHeapTest}, run with a heap smaller than the bodies it
 * is sent: each case prints {@code RESULT <case> <IoFailure label>}, then {@code PEAK <bytes>}, the
 * sum of the heap pools' peak usage. A client that buffered the body would die of
 * {@code OutOfMemoryError} instead.
 */
public final class MotherDuckHeapProbe {
  private MotherDuckHeapProbe() {}

  public static void main(String[] args) throws Exception {
    for (int round = 0; round < 2; round++) {
      run("endless-chunked", HostileServer.endlessBody());
      run("100MiB-announced", HostileServer.largeBody(100L << 20, true));
      run("100MiB-until-close", HostileServer.bodyUntilClose(100L << 20));
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("PEAK " + peak);
  }

  private static void run(String name, HostileServer.Script script) throws Exception {
    try (HostileServer server = HostileServer.plain(script)) {
      MotherDuckClient client = MotherDuckClient.builder().baseUrl(server.uri("localhost")).adminToken(Secret.of("t"))
          .requestsPerSecond(0).maxRetries(0).requestTimeout(Duration.ofSeconds(10)).build();
      try {
        client.listTokens("svc");
        System.out.println("RESULT " + name + " no-error");
      } catch (MotherDuckIoException e) {
        System.out.println("RESULT " + name + " " + e.kind().label());
      }
    }
  }
}
