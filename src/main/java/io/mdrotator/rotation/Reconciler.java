package io.mdrotator.rotation;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every slot of a policy once (for {@code md-rotator reconcile}), up to {@code concurrency}
 * slots at a time on a bounded pool that lives for one pass. Outcomes are reported in policy order
 * whatever order the slots finish in; a failing slot does not stop the others (the engine turns
 * its failure into a failed outcome).
 */
public final class Reconciler {
  public static final int DEFAULT_CONCURRENCY = 8;
  public static final int MAX_CONCURRENCY = 256;

  private final RotationEngine engine;
  private final int concurrency;

  public Reconciler(RotationEngine engine) {
    this(engine, 1);
  }

  /** {@code concurrency}: slots worked on at once, 1..{@value #MAX_CONCURRENCY}. */
  public Reconciler(RotationEngine engine, int concurrency) {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "concurrency must be between 1 and " + MAX_CONCURRENCY + ", was " + concurrency);
    }
    this.engine = engine;
    this.concurrency = concurrency;
  }

  /** Per-slot outcomes of one pass; a failing slot does not stop the others. */
  public record Result(List<SlotOutcome> outcomes) {
    public Result {
      outcomes = List.copyOf(outcomes);
    }

    public boolean anyFailed() {
      return outcomes.stream().anyMatch(SlotOutcome::failed);
    }

    /** 0 when every slot succeeded, 1 otherwise. */
    public int exitCode() {
      return anyFailed() ? 1 : 0;
    }
  }

  /** One slot's read-only report, or why it could not be made. */
  public record Inspection(SlotId slot, Optional<SlotReport> report, Optional<RuntimeException> error) {}

  /**
   * Read-only reports of every slot at {@code now} (for {@code md-rotator plan}); one listing per
   * account ({@link AccountListings}).
   */
  public List<Inspection> inspectAll(Policy policy, Instant now) {
    AccountListings pass = AccountListings.forPass();
    List<Inspection> out = new ArrayList<>();
    for (AccountPolicy account : policy.accounts()) {
      for (SlotPolicy slot : account.slots()) {
        try {
          out.add(new Inspection(slot.id(), Optional.of(engine.inspect(slot, account, now, pass)),
              Optional.empty()));
        } catch (RuntimeException e) {
          out.add(new Inspection(slot.id(), Optional.empty(), Optional.of(e)));
        }
      }
    }
    return out;
  }

  /**
   * Runs every slot once. The slots share one listing per account ({@link AccountListings}): the
   * first slot of every account is started before any second slot, so when concurrent workers
   * reach an account's other slots its listing is usually there and no worker waits for another.
   */
  public Result runOnce(Policy policy) {
    AccountListings pass = AccountListings.forPass();
    if (concurrency == 1) {
      List<SlotOutcome> out = new ArrayList<>();
      for (AccountPolicy account : policy.accounts()) {
        for (SlotPolicy slot : account.slots()) {
          out.add(engine.reconcile(slot, account, pass));
        }
      }
      return new Result(out);
    }
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, namedDaemonThreads());
    try {
      List<List<Future<SlotOutcome>>> pending = new ArrayList<>();
      int widest = 0;
      for (AccountPolicy account : policy.accounts()) {
        pending.add(new ArrayList<>());
        widest = Math.max(widest, account.slots().size());
      }
      for (int i = 0; i < widest; i++) { // every account's i-th slot, then the (i+1)-th
        for (int a = 0; a < policy.accounts().size(); a++) {
          AccountPolicy account = policy.accounts().get(a);
          if (i < account.slots().size()) {
            SlotPolicy slot = account.slots().get(i);
            pending.get(a).add(pool.submit(() -> engine.reconcile(slot, account, pass)));
          }
        }
      }
      List<SlotOutcome> out = new ArrayList<>();
      for (List<Future<SlotOutcome>> ofAccount : pending) { // policy order
        for (Future<SlotOutcome> f : ofAccount) {
          out.add(await(f));
        }
      }
      return new Result(out);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The engine reports slot failures as outcomes, so only an Error or an interrupt ends up here. */
  private static SlotOutcome await(Future<SlotOutcome> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("reconcile interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("slot reconcile threw", e.getCause());
    }
  }

  private static java.util.concurrent.ThreadFactory namedDaemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "reconcile-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
