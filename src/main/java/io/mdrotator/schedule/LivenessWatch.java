package io.mdrotator.schedule;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The served-token liveness watch: between resyncs, lists each account's tokens (one listing per
 * account per period, paced by {@link LivenessWatchOptions}) and compares them with the token each
 * slot was last seen serving. A token gone from the listing or past its expiry is confirmed against
 * what Vault serves now (one read) and the slot is run at once; its run rotates with the cause in
 * the audit log ({@code served_token_revoked_externally}, {@code served_token_expired}). Slots not
 * known to be live are skipped: their urgent retries already own them.
 */
public final class LivenessWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LivenessWatch.class);

  private final Supplier<Policy> policy;
  private final Function<String, List<TokenInfo>> listTokens;
  private final Function<SlotId, Liveness> known;
  private final Function<SlotPolicy, Optional<String>> servedNow;
  private final Consumer<SlotId> runNow;
  private final RotationListener listener;
  private final Clock clock;
  private final LivenessWatchOptions options;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "md-rotator-liveness-watch");
    t.setDaemon(true);
    return t;
  });
  private int next;
  private boolean failing;

  /**
   * {@code listTokens} lists an account's tokens (MotherDuck); {@code known} is each slot's liveness
   * as last judged; {@code servedNow} reads the token id Vault serves now; {@code runNow} runs a slot.
   */
  public LivenessWatch(Supplier<Policy> policy, Function<String, List<TokenInfo>> listTokens,
      Function<SlotId, Liveness> known, Function<SlotPolicy, Optional<String>> servedNow,
      Consumer<SlotId> runNow, RotationListener listener, Clock clock, LivenessWatchOptions options) {
    this.policy = policy;
    this.listTokens = listTokens;
    this.known = known;
    this.servedNow = servedNow;
    this.runNow = runNow;
    this.listener = listener;
    this.clock = clock;
    this.options = options;
  }

  /** Starts checking, one account per pause, from the first pause on. */
  public void start() {
    int accounts = policy.get().accounts().size();
    LOG.info("liveness watch: each of {} account(s) checked every {}", accounts, options.period(accounts));
    thread.schedule(this::tickAndReschedule, options.pause(accounts).toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tickAndReschedule() {
    List<AccountPolicy> accounts = policy.get().accounts();
    try {
      if (!accounts.isEmpty()) {
        check(accounts.get(Math.floorMod(next++, accounts.size()))); // wraps after 2^31 ticks
      }
    } catch (RuntimeException e) {
      LOG.error("liveness watch: unexpected failure; continuing", e);
    } finally {
      thread.schedule(this::tickAndReschedule, options.pause(accounts.size()).toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Checks one account's slots; returns how many were found without a live token and run now. An
   * account none of whose slots is known to serve a live token is not listed: there is nothing the
   * listing could find lost (e.g. before the slots' first runs after start).
   */
  public int check(AccountPolicy account) {
    if (account.slots().stream().noneMatch(s -> watchable(known.apply(s.id())))) {
      return 0;
    }
    List<TokenInfo> listing;
    try {
      listing = listTokens.apply(account.username());
      if (failing) {
        LOG.info("liveness watch: MotherDuck answers listings again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("liveness watch: cannot list the tokens of '{}' ({}); slots keep their own retries",
            account.username(), e.getMessage());
        failing = true;
      }
      return 0;
    }
    int lost = 0;
    for (SlotPolicy slot : account.slots()) {
      if (lostAndConfirmed(slot, listing)) {
        lost++;
      }
    }
    return lost;
  }

  private static boolean watchable(Liveness last) {
    return last.live() && last.tokenId().isPresent();
  }

  private boolean lostAndConfirmed(SlotPolicy slot, List<TokenInfo> listing) {
    Liveness last = known.apply(slot.id());
    Optional<Liveness.State> lost = last.lostIn(listing, clock.instant());
    if (lost.isEmpty()) {
      return false;
    }
    Optional<String> served;
    try {
      served = servedNow.apply(slot);
    } catch (RuntimeException e) {
      LOG.warn("liveness watch: cannot read what Vault serves for slot {} ({}); running it", slot.id(), e.getMessage());
      runNow.accept(slot.id());
      return false;
    }
    String id = last.tokenId().orElseThrow();
    if (served.isPresent() && !served.get().equals(id)) {
      runNow.accept(slot.id()); // another node (or run) replaced it meanwhile: refresh, no alarm
      return false;
    }
    listener.servedTokenLost(slot.id(), id, lost.get());
    runNow.accept(slot.id());
    return true;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
