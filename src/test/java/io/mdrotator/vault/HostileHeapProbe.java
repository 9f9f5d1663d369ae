package io.mdrotator.vault;

import static io.mdrotator.testing.HostileServer.endlessBody;
import static io.mdrotator.testing.HostileServer.json;
import static io.mdrotator.testing.HostileServer.largeBody;
import static io.mdrotator.testing.HostileServer.route;

import io.mdrotator.secret.Secret;
import io.mdrotator.testing.HostileServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Child-JVM side of {@link VaultHostileHeapTest}, run with a heap far smaller than the bodies it
 * is sent: each case prints {@code RESULT <case> <exception simple name> <bytes received>}, then
 * {@code PEAK <bytes>}, the sum of the heap pools' peak usage. Buffering a body would end in
 * {@code OutOfMemoryError} (the driver's {@code ofString()} did, at 120 MiB).
 */
public final class HostileHeapProbe {
  private static final String LOOKUP = "{\"data\":{\"ttl\":0,\"renewable\":false}}";

  private HostileHeapProbe() {}

  public static void main(String[] args) throws Exception {
    for (int round = 0; round < 2; round++) {
      run("read-endless", endlessBody(), s -> s.readLatest("p"));
      run("read-100MiB-chunked", largeBody(100L << 20, false), s -> s.readLatest("p"));
      run("read-100MiB-announced", largeBody(100L << 20, true), s -> s.readLatest("p"));
      run("write-metadata-100MiB-chunked", largeBody(100L << 20, false), s -> s.writeCustomMetadata("p", Map.of("a", "b")));
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("PEAK " + peak);
  }

  private static void run(String name, HostileServer.Script hostile, Consumer<VaultKvStore> call) throws Exception {
    HostileServer.Script s = route(hostile, "GET /v1/auth/token/lookup-self", json(200, LOOKUP));
    try (HostileServer server = HostileServer.plain(s)) {
      VaultKvStore store = VaultKvStore.builder().address(server.uri()).auth(VaultAuth.token(Secret.of("t")))
          .readTimeout(Duration.ofSeconds(10)).readRetries(0, Duration.ZERO).build();
      try {
        call.accept(store);
        System.out.println("RESULT " + name + " no-error 0");
      } catch (VaultReplyTooLargeException e) {
        System.out.println("RESULT " + name + " " + e.getClass().getSimpleName() + " " + e.bytesReceived());
      } catch (RuntimeException e) {
        System.out.println("RESULT " + name + " " + e.getClass().getSimpleName() + " -1");
      }
    }
  }
}
