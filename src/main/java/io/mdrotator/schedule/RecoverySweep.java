package io.mdrotator.schedule;

import io.mdrotator.port.ApiCallListener;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every MotherDuck and Vault request; when a backend that was failing (server error or no
 * reply) answers again, every slot of the policy that is failing or at risk is run at once, so
 * recovery after an outage starts with the heal rather than at each slot's next retry. Runs go
 * through the scheduler (its worker threads bound the concurrency, the client's rate limit still
 * applies). At most one sweep per backend per {@link #MIN_GAP}: a flapping backend does not flood.
 */
public final class RecoverySweep implements ApiCallListener, AutoCloseable {
  /** Shortest time between two sweeps for one backend. */
  static final Duration MIN_GAP = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(RecoverySweep.class);

  private final Clock clock;
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> lastSweep = new ConcurrentHashMap<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "md-rotator-recovery-sweep");
    t.setDaemon(true);
    return t;
  });
  private volatile Target target;

  /** What a sweep runs: the policy's slots that {@code needsRecovery}, through {@code runNow}. */
  public record Target(Supplier<Policy> policy, Predicate<SlotId> needsRecovery, Consumer<SlotId> runNow,
      RotationListener listener) {}

  public RecoverySweep(Clock clock) {
    this.clock = clock;
  }

  /** Sweeps act from now on; before, recoveries are only noted. */
  public void attach(Target target) {
    this.target = target;
  }

  @Override
  public void completed(String target, String operation, String outcome, Duration elapsed) {
    if (outcome.equals("server_error") || outcome.equals("io_error")) {
      failing.add(target);
    } else if (outcome.equals("success") && failing.remove(target)) {
      worker.execute(() -> sweep(target));
    }
  }

  /** Runs the failing or at-risk slots now; returns how many (0 when too soon after the last). */
  int sweep(String backend) {
    Target t = target;
    Instant now = clock.instant();
    Instant last = lastSweep.get(backend);
    if (t == null || (last != null && now.isBefore(last.plus(MIN_GAP)))) {
      return 0;
    }
    lastSweep.put(backend, now);
    try {
      List<SlotId> slots = t.policy().get().slots().stream().map(s -> s.id()).filter(t.needsRecovery()).toList();
      if (!slots.isEmpty()) {
        slots.forEach(t.runNow());
        t.listener().recoverySweep(backend, slots.size());
      }
      return slots.size();
    } catch (RuntimeException e) {
      LOG.error("recovery sweep after {} answered again failed; slots keep their own retries", backend, e);
      return 0;
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
