package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.KvStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An engine whose observation straddles another engine's whole rotation: it lists the tokens and
 * reads the state document before the other engine's intent, and reads the served secret after
 * its store and completion. The served token is then missing from its listing and its state
 * knows neither the intent nor the superseded entry of the replaced token. Listing again alone
 * made the replaced (still served a moment ago, inside its grace period) token look like an
 * orphan, and it was revoked at once (seen in RaceAndCrashE2eTest once rotations got faster).
 */
class ObservationRaceTest {

  @Test
  void aRotationBetweenStateReadAndServedReadDoesNotMakeTheReplacedTokenAnOrphan() {
    Harness h = new Harness();
    RotationEngine other = h.engine();
    h.reconcile(other);
    String replaced = h.servedId().orElseThrow();
    h.clock.advance(Duration.ofMinutes(45)); // due, and the served token is older than inFlightBound

    AtomicBoolean fired = new AtomicBoolean();
    KvStore straddling = beforeFirst(h, "readLatest", fired,
        () -> assertThat(h.reconcile(other).status()).isEqualTo(SlotOutcome.Status.ROTATED));
    RotationEngine observer = new RotationEngine(h.md, straddling, h.options, h.clock, h.events, StepHook.NONE);

    SlotOutcome o = observer.reconcile(h.slot, h.account);

    assertThat(fired).isTrue();
    assertThat(o.failed()).isFalse();
    assertThat(h.violations).isEmpty();
    assertThat(h.md.revoked).doesNotContain(replaced);
    h.assertHealthy();
  }

  /**
   * After its own rotation an engine plans on what the rotation reported instead of observing
   * again, but only when nobody else wrote the state document meanwhile. Here another engine
   * rotates once more between this engine's store (verified by its reply) and its completion;
   * planning on the stale served version would "forget" that version's superseded entry and later
   * revoke it early.
   */
  @Test
  void aRotationDisturbedByAnotherWriterObservesAgainInsteadOfPlanningOnWhatItWrote() {
    Harness h = new Harness();
    RotationEngine other = h.engine();
    h.reconcile(other);
    h.clock.advance(Duration.ofMinutes(45));

    int[] stores = {0};
    String[] second = {null};
    KvStore interleaving = (KvStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {KvStore.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(h.kv, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("writeCas") && h.slot.vaultPath().equals(args[0])
              && ++stores[0] == 1) { // this engine's store has landed, its completion not yet
            second[0] = h.servedId().orElseThrow();
            assertThat(other.rotateNow(h.slot, h.account, false).failed()).isFalse();
          }
          return result;
        });
    RotationEngine engine = new RotationEngine(h.md, interleaving, h.options, h.clock, h.events, StepHook.NONE);

    assertThat(engine.reconcile(h.slot, h.account).failed()).isFalse();

    SlotState state = new StateStore(h.kv).read(h.options.statePath(Harness.USER, h.slot.id().slot()));
    assertThat(state.superseded()).as("the token the other engine replaced").containsKey(second[0]);
    h.runUntil(engine, h.clock.instant().plus(Duration.ofMinutes(20)));
    assertThat(h.violations).isEmpty();
    h.assertHealthy();
  }

  /**
   * An engine finds the slot empty (no readable latest version), and another engine issues the
   * first token before this one reads the key's metadata for its check-and-set base. Taking that
   * newer current_version as the base of an "empty" observation let this engine store a second
   * token over the first (two stores for one due rotation; seen 1 in 400 runs of
   * ConcurrencyAndReconcilerTest.twoEnginesOnTwoThreads...).
   */
  @Test
  void aFirstIssueBetweenEmptyReadAndMetadataReadIsSeenNotOverwritten() {
    Harness h = new Harness();
    RotationEngine other = h.engine();
    AtomicBoolean fired = new AtomicBoolean();
    KvStore racing = beforeFirst(h, "readMetadata", fired,
        () -> assertThat(h.reconcile(other).status()).isEqualTo(SlotOutcome.Status.ROTATED));
    RotationEngine late = new RotationEngine(h.md, racing, h.options, h.clock, h.events, StepHook.NONE);

    SlotOutcome o = late.reconcile(h.slot, h.account);

    assertThat(fired).isTrue();
    assertThat(o.failed()).isFalse();
    assertThat(h.kv.versions(h.slot.vaultPath())).as("stores of the slot").hasSize(1);
    assertThat(h.md.created).as("tokens minted").isEqualTo(1);
    h.assertHealthy();
  }

  /** The harness's store, running {@code action} just before the first {@code method} call on the slot path. */
  private static KvStore beforeFirst(Harness h, String method, AtomicBoolean fired, Runnable action) {
    return (KvStore) Proxy.newProxyInstance(ObservationRaceTest.class.getClassLoader(),
        new Class<?>[] {KvStore.class}, (proxy, m, args) -> {
          if (m.getName().equals(method) && h.slot.vaultPath().equals(args[0]) && fired.compareAndSet(false, true)) {
            action.run();
          }
          try {
            return m.invoke(h.kv, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
